"""Every role against the menus part's records: list, detail, create, update, delete, isolation."""

import itertools

import pytest

from canteen.models import BannedFood, Dish, WeeklyMenu
from core.choices import Role
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.canteen.factories_menus import DishFactory, WeeklyMenuFactory
from tests.factories import UserFactory

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
RULE_MAKERS = {Role.CANTEEN_MANAGER, Role.DIRECTOR, Role.ADMIN}


def _crud(view, manage):
    return {"view": view, "add": manage, "change": manage, "delete": manage}


def _dish(school):
    return {"name": f"红烧鸡块{next(SEQ)}", "category": "meat", "main_ingredients": "鸡肉、土豆"}


def _banned(school):
    return {"name": f"河豚{next(SEQ)}", "keywords": "河豚,河鲀", "reason": "含河豚毒素"}


def _banned_row(school):
    return BannedFood.objects.create(
        school=school, name=f"苦杏仁{next(SEQ)}", keywords="苦杏仁", reason="含氰苷"
    )


RESOURCES = {
    "dish": Resource(
        Dish,
        "canteen:dish",
        "canteen-api:dish",
        make=lambda s: DishFactory(school=s),
        form_data=_dish,
        api_data=_dish,
        can=_crud(READERS, RECORDERS),
    ),
    "banned_food": Resource(
        BannedFood,
        "canteen:bannedfood",
        "canteen-api:bannedfood",
        make=_banned_row,
        form_data=_banned,
        api_data=_banned,
        can=_crud(READERS, RULE_MAKERS),
    ),
    "menu": Resource(
        WeeklyMenu,
        "canteen:weeklymenu",
        "canteen-api:weeklymenu",
        make=lambda s: WeeklyMenuFactory(school=s),
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": READERS},
        actions=frozenset({"list", "detail"}),
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
