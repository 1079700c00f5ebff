"""Every role against the work calendar's records: list, detail, create, update, delete, school
isolation (tests/access_matrix.py), and their declarations for tests/test_resources.py.

The director and the principal manage the calendar; the office reads everything; any other role
reads (and marks done) only the tasks it owns: by name, or by its role when no person is named."""

from __future__ import annotations

import itertools

import pytest

from core.choices import Role
from planning.models.calendar import WorkItem, WorkTask
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.factories import UserFactory
from tests.planning.factories_calendar import ItemFactory, TaskFactory

SEQ = itertools.count(1)
READERS = {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
MANAGERS = {Role.DIRECTOR, Role.PRINCIPAL}
OWN_ONLY = {Role.TEACHER, Role.WORKER, Role.CANTEEN, Role.CANTEEN_MANAGER}


def _crud(view, manage):
    return {"view": view, "add": manage, "change": manage, "delete": manage}


def _item_data(school):
    return {
        "title": f"期中安全检查{next(SEQ)}",
        "description": "全面检查校舍",
        "months": [11, 4],
        "owner_role": Role.DIRECTOR,
        "due_day": 20,
        "record_kind": "",
        "is_active": True,
    }


def _task_data(school):
    return {
        "item": ItemFactory(school=school).pk,
        "month": "2026-11-01",
        "due_on": "2026-11-20",
        "owner_role": Role.WORKER,
    }


def task_resource(user):
    """Own-only roles read the tasks they own: the made task is the acting user's when they
    are of the school and read only their own."""

    def make(school):
        if user is not None and user.school_id == school.pk and user.role_codes & OWN_ONLY:
            return TaskFactory(item__school=school, owner=user, owner_role="")
        return TaskFactory(item__school=school)

    return Resource(
        WorkTask,
        "planning:worktask",
        "planning-api:worktask",
        make=make,
        form_data=_task_data,
        api_data=_task_data,
        can={**_crud(READERS | OWN_ONLY, MANAGERS)},
    )


ITEM = Resource(
    WorkItem,
    "planning:workitem",
    "planning-api:workitem",
    make=lambda s: ItemFactory(school=s),
    form_data=_item_data,
    api_data=_item_data,
    can=_crud(READERS, MANAGERS),
)
RESOURCES = {"workitem": lambda _user: ITEM, "worktask": task_resource}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
@pytest.mark.parametrize("name", RESOURCES)
def test_role_access_and_school_isolation(name, role, school, other_school, make_user):
    user = make_user(role)
    mismatches = check_role(
        RESOURCES[name](user), role, school=school, other_school=other_school, user=user
    )
    assert mismatches == {}, f"{name} as {role}: (got, wanted) {mismatches}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", RESOURCES)
def test_district_viewer_reads_its_schools_only(name, school, other_school):
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    mismatches = check_role(
        RESOURCES[name](viewer),
        Role.DISTRICT,
        school=school,
        other_school=other_school,
        user=viewer,
    )
    assert mismatches == {}, f"{name} as district viewer: {mismatches}"


@pytest.mark.django_db
def test_a_role_owner_sees_its_roles_tasks_not_a_colleagues_named_one(school, make_user):
    from core import access

    worker, colleague = make_user(Role.WORKER), make_user(Role.WORKER)
    of_the_role = TaskFactory(item__school=school, owner_role=Role.WORKER)
    named = TaskFactory(item__school=school, owner=colleague, owner_role=Role.WORKER)
    other_role = TaskFactory(item__school=school, owner_role=Role.CANTEEN)
    seen = set(access.scope(worker, WorkTask).values_list("pk", flat=True))
    assert of_the_role.pk in seen and named.pk not in seen and other_role.pk not in seen
