"""Every role against every safety record: list, detail, create, update, delete, school isolation."""

import itertools

import pytest

from core.choices import Role
from safety.models import (
    Drill,
    DutyRoster,
    DutyShift,
    FireEquipment,
    Hazard,
    InspectionTemplate,
    TemplateItem,
    Visitor,
)
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.factories import UserFactory
from tests.safety.factories import (
    DrillFactory,
    EquipmentFactory,
    HazardFactory,
    ItemFactory,
    RosterFactory,
    ShiftFactory,
    TemplateFactory,
    VisitorFactory,
    room_of,
)

EVERYONE = set(ALL_ROLES)
READERS = {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
OFFICE = {Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN}
BOSSES = {Role.DIRECTOR, Role.ADMIN}
SEQ = itertools.count(1)
# The user being checked: hazards they found are theirs to read (own rows).
ACTING: dict[str, object] = {}


def _crud(view, manage):
    return {"view": view, "add": manage, "change": manage, "delete": manage}


def _template_data(school):
    return {
        "name": f"巡查表{next(SEQ)}",
        "frequency": "daily",
        "applies_to": "room_types",
        "room_types": ["classroom"],
        "in_use_from": "07:00",
        "in_use_until": "19:00",
    }


def _item_data(school):
    return {"template": TemplateFactory(school=school).pk, "position": 1, "text": "消防通道畅通"}


def _equipment_data(school):
    return {
        "kind": "extinguisher",
        "code": f"MHQ-X{next(SEQ)}",
        "agent": "abc_powder",
        "capacity": "4kg",
        "room": room_of(school).pk,
        "production_date": "2023-05-01",
        "next_service_date": "2027-05-01",
        "expiry_date": "2033-05-01",
    }


def _shift_data(school):
    return {
        "roster": RosterFactory(school=school).pk,
        "date": "2027-01-25",
        "person": UserFactory(school=school).pk,
    }


def _hazard(school):
    user = ACTING.get("user")
    found_by = user if user is not None and user.school_id == school.pk else None
    return HazardFactory(school=school, found_by=found_by or UserFactory(school=school))


RESOURCES = {
    "template": Resource(
        InspectionTemplate,
        "safety:inspectiontemplate",
        "safety-api:inspectiontemplate",
        make=lambda s: TemplateFactory(school=s),
        form_data=_template_data,
        api_data=_template_data,
        can=_crud(READERS, OFFICE),
    ),
    "item": Resource(
        TemplateItem,
        "safety:templateitem",
        "safety-api:templateitem",
        make=lambda s: ItemFactory(template__school=s),
        form_data=_item_data,
        api_data=_item_data,
        can=_crud(EVERYONE, OFFICE),
    ),
    "hazard": Resource(
        Hazard,
        "safety:hazard",
        "safety-api:hazard",
        make=_hazard,
        form_data=lambda s: {"description": "操场围栏松动", "severity": 2},
        api_data=lambda s: {"description": "配电箱未上锁", "severity": 1},
        can={
            "view": EVERYONE,
            "add": EVERYONE - {Role.DISTRICT},
            "change": BOSSES,
            "delete": BOSSES,
        },
    ),
    "equipment": Resource(
        FireEquipment,
        "safety:fireequipment",
        "safety-api:fireequipment",
        make=lambda s: EquipmentFactory(school=s),
        form_data=_equipment_data,
        api_data=_equipment_data,
        can=_crud(READERS, OFFICE),
    ),
    "drill": Resource(
        Drill,
        "safety:drill",
        "safety-api:drill",
        make=lambda s: DrillFactory(school=s),
        form_data=lambda s: {
            "drill_type": "fire",
            "title": "秋季消防疏散演练",
            "date": "2026-10-16",
            "status": "planned",
            "participants": 0,
        },
        api_data=lambda s: {"drill_type": "earthquake", "title": "防震演练", "date": "2026-11-12"},
        can=_crud(READERS, OFFICE),
    ),
    "visitor": Resource(
        Visitor,
        "safety:visitor",
        "safety-api:visitor",
        make=lambda s: VisitorFactory(school=s),
        form_data=lambda s: {
            "name": "周先生",
            "id_last4": "0021",
            "reason": "送教材",
            "host": "教务处",
            "time_in": "2026-11-20T09:10",
        },
        api_data=lambda s: {
            "name": "吴女士",
            "id_last4": "552X",
            "reason": "家访",
            "host": "三(2)班班主任",
            "time_in": "2026-11-20T10:00:00+08:00",
        },
        can=_crud(READERS, OFFICE),
    ),
    "roster": Resource(
        DutyRoster,
        "safety:dutyroster",
        "safety-api:dutyroster",
        make=lambda s: RosterFactory(school=s),
        form_data=lambda s: {
            "name": f"国庆值班{next(SEQ)}",
            "start": "2026-10-01",
            "end": "2026-10-07",
        },
        api_data=lambda s: {
            "name": f"五一值班{next(SEQ)}",
            "start": "2027-05-01",
            "end": "2027-05-05",
        },
        can=_crud(EVERYONE, BOSSES),
    ),
    "shift": Resource(
        DutyShift,
        "safety:dutyshift",
        "safety-api:dutyshift",
        make=lambda s: ShiftFactory(roster__school=s),
        form_data=_shift_data,
        api_data=_shift_data,
        can=_crud(EVERYONE, BOSSES),
    ),
}


@pytest.fixture(autouse=True)
def _forget_acting_user():
    yield
    ACTING.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
@pytest.mark.parametrize("resource_name", RESOURCES)
def test_role_access_and_school_isolation(resource_name, role, school, other_school, make_user):
    user = make_user(role)
    ACTING["user"] = user
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
