"""Two inspectors answering the same item at the same moment: one answer, one clear refusal."""

import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from core.choices import Role
from safety import services
from safety.choices import Result, TaskStatus
from safety.models import Hazard, InspectionAnswer, InspectionTask
from tests.conftest import require_service
from tests.factories import SchoolFactory, UserFactory
from tests.safety.factories import ItemFactory, TaskFactory, TemplateFactory


def postgres_only():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        require_service("row locks need PostgreSQL (set DATABASE_URL)")


def race(task, pairs):
    """Run services.inspection_answer for each (user, item, result) at the same moment."""
    barrier = threading.Barrier(len(pairs))
    outcomes: list[str] = []

    def answer(user, entry, result):
        try:
            barrier.wait(timeout=10)
            services.inspection_answer(
                task=task, item=entry, result=result, note="门把手松动", actor=user
            )
            outcomes.append("saved")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=answer, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.django_db(transaction=True)
def test_the_same_item_answered_by_two_people_at_once_keeps_one_answer():
    postgres_only()
    school = SchoolFactory()
    staff = [UserFactory(school=school, roles=[Role.LOGISTICS]) for _ in range(2)]
    template = TemplateFactory(school=school)
    entry = ItemFactory(template=template)
    task = TaskFactory(template=template)

    outcomes = race(task, [(staff[0], entry, Result.FAIL), (staff[1], entry, Result.FAIL)])

    assert outcomes == ["already_answered", "saved"]
    assert InspectionAnswer.objects.count() == 1
    assert Hazard.objects.count() == 1  # the failure is not reported twice
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_the_last_two_items_answered_at_once_complete_the_round():
    postgres_only()
    school = SchoolFactory()
    staff = [UserFactory(school=school, roles=[Role.LOGISTICS]) for _ in range(2)]
    template = TemplateFactory(school=school)
    items = [ItemFactory(template=template) for _ in range(2)]
    task = TaskFactory(template=template)

    outcomes = race(task, [(staff[0], items[0], Result.PASS), (staff[1], items[1], Result.PASS)])

    assert outcomes == ["saved", "saved"]
    assert InspectionTask.objects.get(pk=task.pk).status == TaskStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_two_beats_generating_at_once_create_each_round_once():
    postgres_only()
    from safety.generation import rounds_generate
    from tests.safety.factories import room_of

    school = SchoolFactory()
    UserFactory(school=school, roles=[Role.LOGISTICS])
    for _ in range(20):
        room_of(school)
    for _ in range(3):
        template = TemplateFactory(school=school, is_active=True, runs_in_holidays=True)
        ItemFactory(template=template)
    barrier = threading.Barrier(2)
    created: list[int] = []

    def beat():
        try:
            barrier.wait(timeout=10)
            created.append(rounds_generate())
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert InspectionTask.objects.count() == 60
    assert sum(created) >= 60 and len(created) == 2  # both finished, neither failed
