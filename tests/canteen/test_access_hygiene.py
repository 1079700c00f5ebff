"""Every role against every hygiene record: list, detail, create, update, delete, school isolation
(tests/access_matrix.py), and their declarations for tests/test_resources.py."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from canteen.models import (
    AccompaniedMeal,
    DisinfectionBatch,
    DisinfectionMethod,
    HealthCertificate,
    MonthlyReview,
    MorningCheck,
    StaffMember,
)
from canteen.models.hygiene import REVIEW_TEMPLATE_NAME
from core.choices import Role
from safety.models import InspectionTask, InspectionTemplate
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.canteen.factories_hygiene import (
    BatchFactory,
    CertificateFactory,
    CheckFactory,
    MealFactory,
    StaffFactory,
    method_of,
)
from tests.factories import UserFactory, room_of

SEQ = itertools.count(1)
READERS = {
    Role.LOGISTICS,
    Role.DIRECTOR,
    Role.PRINCIPAL,
    Role.ADMIN,
    Role.DISTRICT,
    Role.CANTEEN,
    Role.CANTEEN_MANAGER,
}
RECORDERS = {Role.CANTEEN, Role.CANTEEN_MANAGER, Role.DIRECTOR, Role.ADMIN}
APPROVERS = {Role.CANTEEN_MANAGER, Role.DIRECTOR, Role.ADMIN}
MEAL_LOGGERS = {Role.PRINCIPAL, Role.CANTEEN_MANAGER, Role.DIRECTOR, Role.ADMIN}


def _crud(view, manage):
    return {"view": view, "add": manage, "change": manage, "delete": manage}


def _method_data(school):
    return {"name": f"蒸汽消毒{next(SEQ)}", "min_temperature_c": "100", "min_seconds": 900}


def _batch_data(school):
    return {
        "day": "2026-11-18",
        "meal": "lunch",
        "method": method_of(school).pk,
        "temperature_c": "125",
        "minutes": 15,
        "seconds": 0,
        "operator": StaffFactory(school=school).pk,
    }


def _staff_data(school):
    return {"name": f"厨师{next(SEQ)}", "job": "厨师", "on_duty": True}


def _certificate_data(school):
    return {
        "staff": StaffFactory(school=school).pk,
        "number": f"JKZ-X{next(SEQ)}",
        "issued_on": "2026-06-01",
    }


def _check_data(school):
    cert = CertificateFactory(staff__school=school, issued_on=dt.date(2026, 6, 1))
    return {"day": "2026-11-18", "staff": cert.staff.pk, "fit": True}


def _meal_data(school):
    return {
        "day": "2026-11-18",
        "meal": "lunch",
        "kind": "parent",
        "parent_name": f"家长{next(SEQ)}",
        "taste": "可口",
    }


def monthly_round(school) -> InspectionTask:
    template, _ = InspectionTemplate.objects.get_or_create(
        school=school,
        name=REVIEW_TEMPLATE_NAME,
        defaults={"frequency": "monthly", "day_of_month": 28, "applies_to": "rooms"},
    )
    day = dt.date(2026, 1, 28) + dt.timedelta(days=next(SEQ))
    return InspectionTask.objects.create(
        school=school,
        template=template,
        room=room_of(school),
        due_date=day,
        due_by=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=next(SEQ)),
    )


def _review(school) -> MonthlyReview:
    return MonthlyReview.objects.create(
        school=school,
        task=monthly_round(school),
        held_on=dt.date(2026, 11, 28),
        attendees="校长、总务主任",
        risks="冷库温度偏高",
        measures="维修冷库",
    )


def _review_data(school):
    return {
        "task": monthly_round(school).pk,
        "held_on": "2026-11-28",
        "attendees": "校长、总务主任、食堂管理员",
        "risks": "进货查验记录不全",
        "measures": "专人负责索证索票",
    }


RESOURCES = {
    "disinfection_method": Resource(
        DisinfectionMethod,
        "canteen:disinfectionmethod",
        "canteen-api:disinfectionmethod",
        make=lambda s: DisinfectionMethod.objects.create(
            school=s, name=f"煮沸{next(SEQ)}", min_temperature_c=100, min_seconds=600
        ),
        form_data=_method_data,
        api_data=_method_data,
        can=_crud(READERS, APPROVERS),
    ),
    "disinfection_batch": Resource(
        DisinfectionBatch,
        "canteen:disinfectionbatch",
        "canteen-api:disinfectionbatch",
        make=lambda s: BatchFactory(school=s),
        form_data=_batch_data,
        api_data=_batch_data,
        can=_crud(READERS, RECORDERS),
    ),
    "staff": Resource(
        StaffMember,
        "canteen:staffmember",
        "canteen-api:staffmember",
        make=lambda s: StaffFactory(school=s),
        form_data=_staff_data,
        api_data=_staff_data,
        can=_crud(READERS, RECORDERS),
    ),
    "certificate": Resource(
        HealthCertificate,
        "canteen:healthcertificate",
        "canteen-api:healthcertificate",
        make=lambda s: CertificateFactory(staff__school=s),
        form_data=_certificate_data,
        api_data=_certificate_data,
        can=_crud(READERS, RECORDERS),
    ),
    "morning_check": Resource(
        MorningCheck,
        "canteen:morningcheck",
        "canteen-api:morningcheck",
        make=lambda s: CheckFactory(staff__school=s),
        form_data=_check_data,
        api_data=_check_data,
        can=_crud(READERS, RECORDERS),
    ),
    "accompanied_meal": Resource(
        AccompaniedMeal,
        "canteen:accompaniedmeal",
        "canteen-api:accompaniedmeal",
        make=lambda s: MealFactory(school=s),
        form_data=_meal_data,
        api_data=_meal_data,
        can=_crud(READERS, MEAL_LOGGERS),
    ),
    "monthly_review": Resource(
        MonthlyReview,
        "canteen:monthlyreview",
        "canteen-api:monthlyreview",
        make=_review,
        form_data=_review_data,
        api_data=_review_data,
        can=_crud(READERS, APPROVERS),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
@pytest.mark.parametrize("resource_name", RESOURCES)
def test_role_access_and_school_isolation(resource_name, role, school, other_school, make_user):
    user = make_user(role)
    mismatches = check_role(
        RESOURCES[resource_name], role, school=school, other_school=other_school, user=user
    )
    assert mismatches == {}, f"{resource_name} as {role}: (got, wanted) {mismatches}"


@pytest.mark.django_db
@pytest.mark.parametrize("resource_name", RESOURCES)
def test_district_viewer_reads_its_schools_only(resource_name, school, other_school):
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    mismatches = check_role(
        RESOURCES[resource_name],
        Role.DISTRICT,
        school=school,
        other_school=other_school,
        user=viewer,
    )
    assert mismatches == {}, f"{resource_name} as district viewer: {mismatches}"


@pytest.mark.django_db
def test_the_flags_list_is_read_only_and_of_the_readers(client, school, make_user):
    from django.urls import reverse

    for role, status in [(Role.CANTEEN, 200), (Role.PRINCIPAL, 200), (Role.TEACHER, 403)]:
        client.force_login(make_user(role))
        assert client.get(reverse("canteen:hygieneflag_list")).status_code == status
        assert client.get(reverse("canteen-api:hygieneflag-list")).status_code == status
    client.force_login(make_user(Role.DIRECTOR))
    # Flags are written by the daily check only: nobody adds one by hand.
    assert client.post(reverse("canteen-api:hygieneflag-list"), {}).status_code in (403, 405)
