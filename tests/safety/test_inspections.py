"""Doing a round: item by item, one answer per item, failures become hazards, the round completes."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import Notification
from safety import services
from safety.choices import HazardStatus, Result, TaskStatus
from safety.models import Hazard, InspectionAnswer
from tests.safety.conftest import jpeg, not_an_image
from tests.safety.factories import ItemFactory, TaskFactory, TemplateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(school, logistics):
    template = TemplateFactory(school=school)
    items = [ItemFactory(template=template) for _ in range(3)]
    task = TaskFactory(template=template, assignee=logistics)
    return task, items


def test_round_completes_when_every_item_is_answered(round_, logistics):
    task, items = round_
    for entry in items[:2]:
        services.inspection_answer(task=task, item=entry, result=Result.PASS, actor=logistics)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    services.inspection_answer(
        task=task, item=items[2], result=Result.NOT_APPLICABLE, actor=logistics
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.completed_at is not None


def test_failed_item_opens_a_hazard_at_the_place_and_tells_the_director(
    round_, logistics, director
):
    task, items = round_
    answer = services.inspection_answer(
        task=task, item=items[0], result=Result.FAIL, note="插座面板破损", actor=logistics
    )
    hazard = Hazard.objects.get(source_answer=answer)
    assert hazard.status == HazardStatus.FOUND
    assert hazard.room_id == task.room_id and hazard.found_by == logistics
    assert "插座面板破损" in hazard.description
    assert Notification.objects.filter(recipient=director, url=hazard.get_absolute_url()).exists()


def test_failure_needs_a_note_and_the_photo_when_the_item_says_so(round_, logistics):
    task, items = round_
    items[0].photo_required_on_failure = True
    items[0].save()
    with pytest.raises(ValidationError) as no_note:
        services.inspection_answer(task=task, item=items[0], result=Result.FAIL, actor=logistics)
    assert no_note.value.code == "note_required"
    with pytest.raises(ValidationError) as no_photo:
        services.inspection_answer(
            task=task, item=items[0], result=Result.FAIL, note="灭火器压力不足", actor=logistics
        )
    assert no_photo.value.code == "photo_required"
    answer = services.inspection_answer(
        task=task,
        item=items[0],
        result=Result.FAIL,
        note="灭火器压力不足",
        photo=jpeg(size=(4000, 3000)),
        actor=logistics,
    )
    assert answer.photo.width <= 1600  # shrunk before it was stored
    assert Hazard.objects.get(source_answer=answer).photo.name == answer.photo.name


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_saved(round_, logistics):
    task, items = round_
    with pytest.raises(ValidationError, match="not an image"):
        services.inspection_answer(
            task=task,
            item=items[0],
            result=Result.FAIL,
            note="墙面裂缝",
            photo=not_an_image(),
            actor=logistics,
        )
    assert not InspectionAnswer.objects.exists() and not Hazard.objects.exists()


def test_an_item_answered_twice_is_refused_naming_who_answered(round_, logistics, make_user):
    task, items = round_
    colleague = make_user("logistics", last_name="孙", first_name="强")
    services.inspection_answer(task=task, item=items[0], result=Result.PASS, actor=logistics)
    with pytest.raises(ValidationError) as twice:
        services.inspection_answer(
            task=task, item=items[0], result=Result.FAIL, note="x", actor=colleague
        )
    assert twice.value.code == "already_answered"
    assert str(logistics) in str(twice.value)
    assert InspectionAnswer.objects.get().result == Result.PASS
    assert not Hazard.objects.exists()


def test_the_database_refuses_a_second_answer_even_without_the_service(round_, logistics):
    task, items = round_
    services.inspection_answer(task=task, item=items[0], result=Result.PASS, actor=logistics)
    with pytest.raises(IntegrityError), transaction.atomic():
        InspectionAnswer.objects.create(
            school=task.school, task=task, item=items[0], result="fail", answered_by=logistics
        )


def test_only_office_staff_or_the_assigned_person_may_answer(round_, teacher, make_user):
    task, items = round_
    with pytest.raises(ValidationError) as refused:
        services.inspection_answer(task=task, item=items[0], result=Result.PASS, actor=teacher)
    assert refused.value.code == "not_inspector"
    principal = make_user("principal")
    with pytest.raises(ValidationError):
        services.inspection_answer(task=task, item=items[0], result=Result.PASS, actor=principal)
    task.assignee = teacher
    task.save()
    services.inspection_answer(task=task, item=items[0], result=Result.PASS, actor=teacher)


def test_an_item_of_another_checklist_is_refused(round_, logistics, school):
    task, _items = round_
    stranger = ItemFactory(template=TemplateFactory(school=school))
    with pytest.raises(ValidationError) as refused:
        services.inspection_answer(task=task, item=stranger, result=Result.PASS, actor=logistics)
    assert refused.value.code == "wrong_item"
