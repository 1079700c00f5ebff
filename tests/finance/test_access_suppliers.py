"""Who may read and write supplier contracts, evaluations and disclosures (role × page/API ×
school), declared for the generated tests (tests/test_resources.py)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from core.choices import Role
from finance.models import ExpenditureDisclosure, SupplierContract, SupplierEvaluation
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.factories import UserFactory
from tests.finance.factories import supplier_of
from tests.finance.factories_suppliers import contract_of, disclosure_of, evaluation_of

READERS = {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
PURCHASERS = {Role.LOGISTICS, Role.DIRECTOR, Role.ADMIN}
SEQ = itertools.count(1)


def _crud(view, manage):
    return {"view": view, "add": manage, "change": manage, "delete": manage}


def _contract_data(school):
    n = next(SEQ)
    return {
        "supplier": supplier_of(school).pk,
        "title": f"年度供货合同{n}",
        "number": f"HT-{n:04d}",
        "starts_on": "2026-01-01",
        "ends_on": f"{2027 + n % 5}-12-31",
        "amount": "12000.00",
    }


def _evaluation_data(school):
    return {
        "supplier": supplier_of(school).pk,
        "year": 2000 + next(SEQ),
        "quality": 5,
        "delivery": 4,
        "price": 4,
        "service": 5,
        "notes": "按时供货",
    }


RESOURCES = {
    "contract": Resource(
        SupplierContract,
        "finance:suppliercontract",
        "finance-api:suppliercontract",
        make=lambda s: contract_of(s),
        form_data=_contract_data,
        api_data=_contract_data,
        can=_crud(READERS, PURCHASERS),
    ),
    "evaluation": Resource(
        SupplierEvaluation,
        "finance:supplierevaluation",
        "finance-api:supplierevaluation",
        make=lambda s: evaluation_of(s),
        form_data=_evaluation_data,
        api_data=_evaluation_data,
        can=_crud(READERS, PURCHASERS),
    ),
    "disclosure": Resource(
        ExpenditureDisclosure,
        "finance:disclosure",
        "finance-api:disclosure",
        make=lambda s: disclosure_of(s),
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
def test_the_draft_page_and_the_notice_follow_the_disclosure_rule(role, school, make_user, client):
    user = make_user(role) if role != Role.DISTRICT else UserFactory(school=None, roles=[role])
    if role == Role.DISTRICT:
        user.district_schools.add(school)
    client.force_login(user)
    drafting = client.get("/finance/disclosures/add/").status_code
    assert drafting == (200 if role in {Role.DIRECTOR, Role.ADMIN} else 403)
    disclosure = disclosure_of(school, month=dt.date(2025, 3, 1))
    notice = client.get(f"/finance/disclosures/{disclosure.pk}/notice.pdf").status_code
    # a draft is not printed: its readers are sent back to its page
    assert notice == (302 if role in READERS else 403)
