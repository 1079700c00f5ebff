"""Every role against the acceptance part's records: list, detail, create, update, delete, isolation.

Teachers see none of them (issue 11 point 10: teachers see only the published menu); the
principal and the district read; canteen staff record deliveries and diners; the canteen manager
and the director also enter the month's income and draft the disclosure.
"""

import datetime as dt
import itertools

import pytest

from canteen.models import CostDisclosure, Delivery, DinerCount, MealIncome
from core.choices import Role
from core.models import Supplier
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.canteen.factories_acceptance import delivery_of, diners, income, supplier_of
from tests.factories import UserFactory

READERS = {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
CANTEEN_READERS = READERS | {Role.CANTEEN, Role.CANTEEN_MANAGER}
RECORDERS = {Role.CANTEEN, Role.CANTEEN_MANAGER, Role.DIRECTOR, Role.ADMIN}
APPROVERS = {Role.CANTEEN_MANAGER, Role.DIRECTOR, Role.ADMIN}
SUPPLIER_MANAGERS = {Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN, Role.CANTEEN_MANAGER}
SEQ = itertools.count(1)


def _crud(view, manage):
    return {"view": view, "add": manage, "change": manage, "delete": manage}


def _day() -> dt.date:
    return dt.date(2024, 1, 1) + dt.timedelta(days=next(SEQ))


def _month() -> dt.date:
    n = next(SEQ)
    return dt.date(2000 + n // 12, n % 12 + 1, 1)


def _supplier_data(school):
    return {
        "name": f"粮油公司{next(SEQ)}",
        "licence_number": "JY13201000000001",
        "licence_expiry": "2027-06-30",
        "is_bulk_food": True,
        "contact": "周经理",
        "phone": "13800000000",
    }


def _diners_data(school):
    return {"day": _day().isoformat(), "meal": "lunch", "students": 412, "staff": 31}


def _income_data(school):
    return {"month": _month().isoformat(), "amount": "61800.00", "notes": "11月伙食费"}


def _disclosure(school):
    drafter = UserFactory(school=school, roles=[Role.CANTEEN_MANAGER])
    return CostDisclosure.objects.create(school=school, month=_month(), drafted_by=drafter)


RESOURCES = {
    "supplier": Resource(
        Supplier,
        "core:supplier",
        "core-api:supplier",
        make=lambda s: supplier_of(s),
        form_data=_supplier_data,
        api_data=_supplier_data,
        can=_crud(CANTEEN_READERS, SUPPLIER_MANAGERS),
    ),
    "delivery": Resource(
        Delivery,
        "canteen:delivery",
        "canteen-api:delivery",
        make=lambda s: delivery_of(s),
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": CANTEEN_READERS},
        actions=frozenset({"list", "detail"}),
    ),
    "diners": Resource(
        DinerCount,
        "canteen:dinercount",
        "canteen-api:dinercount",
        make=lambda s: diners(s, _day()),
        form_data=_diners_data,
        api_data=_diners_data,
        can=_crud(CANTEEN_READERS, RECORDERS),
    ),
    "income": Resource(
        MealIncome,
        "canteen:mealincome",
        "canteen-api:mealincome",
        make=lambda s: income(s, _month(), "50000.00"),
        form_data=_income_data,
        api_data=_income_data,
        can=_crud(CANTEEN_READERS, APPROVERS),
    ),
    "disclosure": Resource(
        CostDisclosure,
        "canteen:costdisclosure",
        "canteen-api:costdisclosure",
        make=_disclosure,
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": CANTEEN_READERS},
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


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_ledger_and_the_record_form_follow_the_delivery_rule(role, school, make_user, client):
    user = make_user(role) if role != Role.DISTRICT else UserFactory(school=None, roles=[role])
    client.force_login(user)
    line = delivery_of(school).lines.get()
    can_read = role in CANTEEN_READERS
    assert client.get("/canteen/ledger/").status_code == (200 if can_read else 403)
    opened = client.get(f"/canteen/ledger/{line.pk}/")
    assert opened.status_code == (404 if role == Role.DISTRICT else 302 if can_read else 403)
    form = client.get("/canteen/deliveries/add/").status_code
    assert form == (200 if role in RECORDERS else 403)
