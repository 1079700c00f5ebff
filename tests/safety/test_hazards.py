"""Hazards: found → reported → handled → accepted, accepted by someone other than the handler."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.choices import Role
from core.models import Notification
from safety import services
from safety.choices import HazardStatus, Severity
from safety.models import Hazard
from tests.safety.conftest import jpeg, not_an_image
from tests.safety.factories import room_of

pytestmark = pytest.mark.django_db
NEXT_WEEK = timezone.localdate() + dt.timedelta(days=7)


@pytest.fixture
def reported(school, teacher, director):
    return services.hazard_report(
        school=school,
        reporter=teacher,
        description="三楼楼梯窗户限位器脱落",
        severity=Severity.MAJOR,
        room=room_of(school),
        photo=jpeg(),
    )


def test_anyone_reports_and_the_director_hears_of_it(reported, director, teacher):
    assert reported.status == HazardStatus.FOUND and reported.found_by == teacher
    assert reported.photo.name.endswith(".jpg")
    assert Notification.objects.filter(recipient=director).exists()


def test_a_report_with_a_non_image_photo_is_refused_and_nothing_is_saved(school, teacher):
    with pytest.raises(ValidationError, match="not an image"):
        services.hazard_report(
            school=school, reporter=teacher, description="电线裸露", photo=not_an_image()
        )
    assert not Hazard.objects.exists()


def test_the_whole_workflow_with_a_separate_handler_and_acceptor(reported, director, make_user):
    worker = make_user(Role.WORKER)
    services.hazard_escalate(hazard=reported, actor=reported.found_by)
    hazard = services.hazard_assign(
        hazard=reported, actor=director, responsible=worker, deadline=NEXT_WEEK
    )
    assert hazard.status == HazardStatus.REPORTED and hazard.responsible == worker
    assert Notification.objects.filter(recipient=worker, url=hazard.get_absolute_url()).exists()
    hazard = services.hazard_handle(hazard=hazard, actor=worker, note="已更换限位器", photo=jpeg())
    assert hazard.status == HazardStatus.HANDLED and hazard.handler == worker
    hazard = services.hazard_accept(hazard=hazard, actor=director)
    assert hazard.status == HazardStatus.ACCEPTED and hazard.accepted_by == director


def test_a_hazard_accepted_by_its_own_handler_is_refused(reported, director):
    services.hazard_assign(
        hazard=reported, actor=director, responsible=director, deadline=NEXT_WEEK
    )
    services.hazard_handle(hazard=reported, actor=director, note="自己处理了")
    with pytest.raises(ValidationError) as refused:
        services.hazard_accept(hazard=reported, actor=director)
    assert refused.value.code == "own_handling"
    reported.refresh_from_db()
    assert reported.status == HazardStatus.HANDLED and reported.accepted_by is None


def test_the_database_refuses_acceptance_by_the_handler_too(reported, director):
    services.hazard_assign(
        hazard=reported, actor=director, responsible=director, deadline=NEXT_WEEK
    )
    services.hazard_handle(hazard=reported, actor=director, note="处理完毕")
    with pytest.raises(IntegrityError), transaction.atomic():
        Hazard.objects.filter(pk=reported.pk).update(
            status=HazardStatus.ACCEPTED, accepted_by=director, accepted_at=timezone.now()
        )


def test_who_may_take_which_step(reported, teacher, logistics, make_user, director):
    with pytest.raises(ValidationError):
        services.hazard_assign(
            hazard=reported, actor=teacher, responsible=teacher, deadline=NEXT_WEEK
        )
    with pytest.raises(ValidationError):  # not reported yet
        services.hazard_handle(hazard=reported, actor=logistics, note="x")
    services.hazard_assign(
        hazard=reported, actor=director, responsible=logistics, deadline=NEXT_WEEK
    )
    with pytest.raises(ValidationError) as not_theirs:
        services.hazard_handle(hazard=reported, actor=teacher, note="我修好了")
    assert not_theirs.value.code == "not_responsible"
    assert not_theirs.value.status_code == 403
    services.hazard_handle(hazard=reported, actor=logistics, note="已修复")
    with pytest.raises(ValidationError):  # logistics staff do not accept
        services.hazard_accept(hazard=reported, actor=make_user(Role.LOGISTICS))
    with pytest.raises(ValidationError):  # nor does the principal
        services.hazard_accept(hazard=reported, actor=make_user(Role.PRINCIPAL))
    services.hazard_accept(hazard=reported, actor=director)


def test_a_rejected_handling_goes_back_with_its_reason(reported, director, logistics):
    services.hazard_assign(
        hazard=reported, actor=director, responsible=logistics, deadline=NEXT_WEEK
    )
    services.hazard_handle(hazard=reported, actor=logistics, note="临时用胶带固定")
    hazard = services.hazard_reject(hazard=reported, actor=director, reason="需要更换配件")
    assert hazard.status == HazardStatus.REPORTED and hazard.handler is None
    assert Notification.objects.filter(recipient=logistics, body="需要更换配件").exists()


def test_deadline_in_the_past_and_someone_of_another_school_are_refused(
    reported, director, other_school
):
    from tests.factories import UserFactory

    with pytest.raises(ValidationError):
        services.hazard_assign(
            hazard=reported,
            actor=director,
            responsible=director,
            deadline=timezone.localdate() - dt.timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        services.hazard_assign(
            hazard=reported,
            actor=director,
            responsible=UserFactory(school=other_school),
            deadline=NEXT_WEEK,
        )
