"""Every role against every places resource: list, detail, create, update, delete, isolation."""

import datetime as dt
import itertools

import pytest

from core.choices import Role
from core.models import Building, Campus, Department, Holiday, Room, SchoolClass, Term
from tests import factories
from tests.access_matrix import ALL_ROLES, Resource, check_role

OFFICE = {Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN}
CALENDAR_KEEPERS = {Role.ADMIN, Role.DIRECTOR}
EVERYONE = set(ALL_ROLES)
SEQ = itertools.count(1)


def _room_post(school):
    building = factories.BuildingFactory(school=school, campus__school=school)
    return {
        "building": building.pk,
        "code": f"9{next(SEQ)}",
        "name": "新教室",
        "floor": 2,
        "room_type": "classroom",
    }


def _building_post(school):
    campus = factories.CampusFactory(school=school)
    return {"campus": campus.pk, "code": f"Z{next(SEQ)}", "name": "新楼", "floors": 3}


def _own_day(name: str) -> dict:
    day = dt.date(2027, 3, 1) + dt.timedelta(days=next(SEQ))
    return {"name": name, "kind": "holiday", "start": day.isoformat(), "end": day.isoformat()}


RESOURCES = {
    "campus": Resource(
        Campus,
        "core:campus",
        "core-api:campus",
        make=lambda s: factories.CampusFactory(school=s),
        form_data=lambda s: {"name": f"东校区{next(SEQ)}", "address": "学府路"},
        api_data=lambda s: {"name": f"西校区{next(SEQ)}"},
        can={"view": EVERYONE, "add": OFFICE, "change": OFFICE, "delete": OFFICE},
    ),
    "building": Resource(
        Building,
        "core:building",
        "core-api:building",
        make=lambda s: factories.BuildingFactory(school=s, campus__school=s),
        form_data=_building_post,
        api_data=_building_post,
        can={"view": EVERYONE, "add": OFFICE, "change": OFFICE, "delete": OFFICE},
    ),
    "room": Resource(
        Room,
        "core:room",
        "core-api:room",
        make=lambda s: factories.RoomFactory(
            school=s, building__school=s, building__campus__school=s
        ),
        form_data=_room_post,
        api_data=_room_post,
        can={"view": EVERYONE, "add": OFFICE, "change": OFFICE, "delete": OFFICE},
    ),
    "department": Resource(
        Department,
        "core:department",
        "core-api:department",
        make=lambda s: factories.DepartmentFactory(school=s),
        form_data=lambda s: {"name": f"体育组{next(SEQ)}"},
        api_data=lambda s: {"name": f"艺术组{next(SEQ)}"},
        can={
            "view": EVERYONE,
            "add": CALENDAR_KEEPERS,
            "change": CALENDAR_KEEPERS,
            "delete": CALENDAR_KEEPERS,
        },
    ),
    "schoolclass": Resource(
        SchoolClass,
        "core:schoolclass",
        "core-api:schoolclass",
        make=lambda s: factories.SchoolClassFactory(
            school=s, homeroom_teacher=factories.UserFactory(school=s)
        ),
        form_data=lambda s: {"grade": 6, "number": next(SEQ) % 99 + 1},
        api_data=lambda s: {"grade": 5, "number": next(SEQ) % 99 + 1},
        can={
            "view": EVERYONE,
            "add": CALENDAR_KEEPERS,
            "change": CALENDAR_KEEPERS,
            "delete": CALENDAR_KEEPERS,
        },
    ),
    "term": Resource(
        Term,
        "core:term",
        "core-api:term",
        make=lambda s: factories.TermFactory(school=s),
        form_data=lambda s: {
            "name": f"2030学年{next(SEQ)}",
            "start": "2030-09-01",
            "end": "2031-01-20",
        },
        api_data=lambda s: {
            "name": f"2029学年{next(SEQ)}",  # within a few years of today: a calendar's range
            "start": "2029-09-01",
            "end": "2030-01-20",
        },
        can={
            "view": EVERYONE,
            "add": CALENDAR_KEEPERS,
            "change": CALENDAR_KEEPERS,
            "delete": CALENDAR_KEEPERS,
        },
    ),
    "holiday": Resource(
        Holiday,
        "core:holiday",
        "core-api:holiday",
        make=lambda s: factories.HolidayFactory(school=s),
        # Entries of one school may not overlap: each submission gets its own day.
        form_data=lambda s: _own_day("春节"),
        api_data=lambda s: _own_day("端午"),
        can={
            "view": EVERYONE,
            "add": CALENDAR_KEEPERS,
            "change": CALENDAR_KEEPERS,
            "delete": CALENDAR_KEEPERS,
        },
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
    resource = RESOURCES[resource_name]
    viewer = factories.UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    mismatches = check_role(
        resource, Role.DISTRICT, school=school, other_school=other_school, user=viewer
    )
    # A district viewer reads the schools of its district and never writes: creating needs a school.
    assert mismatches == {}, f"{resource_name} as district viewer: {mismatches}"


@pytest.mark.django_db
def test_user_without_role_sees_nothing(school, make_user, client):
    room = factories.RoomFactory(
        school=school, building__school=school, building__campus__school=school
    )
    nobody = make_user()
    client.force_login(nobody)
    assert client.get(f"/places/rooms/{room.pk}/").status_code == 403
    assert client.get("/api/v1/core/rooms/").status_code == 403
