"""Every role against the budget's records: list, detail, create, update, delete, isolation.

The director and the admin manage the budget; the principal, logistics and the district read it;
teachers, canteen staff and workers do not see it (issue 12, point 11)."""

import itertools
from decimal import Decimal

import pytest

from core.choices import Role
from finance.models import BudgetAdjustment, BudgetLine, BudgetYear
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.factories import UserFactory
from tests.finance.factories import line_of, year_of

READERS = {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
MANAGERS = {Role.DIRECTOR, Role.ADMIN}
SEQ = itertools.count(1)


def _crud(view, manage):
    return {"view": view, "add": manage, "change": manage, "delete": manage}


def _year_data(school):
    return {"year": 2040 + next(SEQ) % 50, "notes": f"区教财〔2026〕{next(SEQ)}号"}


def _line_data(school):
    return {
        "budget_year": year_of(school, 2039).pk,
        "category": "office",
        "name": f"办公费{next(SEQ)}",
        "amount": "1000.00",
        "control": "stop",
        "notes": "",
    }


def _adjustment(school):
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    return BudgetAdjustment.objects.create(
        school=school,
        from_line=line_of(school),
        to_line=line_of(school),
        amount=Decimal("100"),
        reason="调剂",
        requested_by=director,
    )


def _year(school):
    return BudgetYear.objects.create(school=school, year=2001 + next(SEQ) % 20)


RESOURCES = {
    "budget_year": Resource(
        BudgetYear,
        "finance:budgetyear",
        "finance-api:budgetyear",
        make=_year,
        form_data=_year_data,
        api_data=_year_data,
        can=_crud(READERS, MANAGERS),
    ),
    "budget_line": Resource(
        BudgetLine,
        "finance:budgetline",
        "finance-api:budgetline",
        make=lambda s: line_of(s),
        form_data=_line_data,
        api_data=_line_data,
        can=_crud(READERS, MANAGERS),
    ),
    "budget_adjustment": Resource(
        BudgetAdjustment,
        "finance:budgetadjustment",
        "finance-api:budgetadjustment",
        make=_adjustment,
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


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_budget_pages_follow_the_budget_rule(role, school, make_user, client):
    user = make_user(role) if role != Role.DISTRICT else UserFactory(school=None, roles=[role])
    if role == Role.DISTRICT:
        user.district_schools.add(school)
    client.force_login(user)
    line_of(school)
    reads = role in READERS
    for url in ("/finance/budget/execution/?year=2026", "/finance/settings/"):
        assert client.get(url).status_code == (200 if reads else 403), url
    form = client.get("/finance/budget/adjustments/add/").status_code
    assert form == (200 if role in MANAGERS else 403)
    api = client.get("/api/v1/finance/execution/").status_code
    assert api == (200 if reads else 403)
