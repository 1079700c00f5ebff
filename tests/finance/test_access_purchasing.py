"""Every role against quotes and purchase orders: list, detail (page and API), other schools.

Quotes and orders are written by the purchasing services (tests/finance/test_purchasing_*.py),
so the generic add/edit/delete screens are not theirs. The office (logistics, director), the
principal, the admin and the district read them all; everyone else reads only those of their
own requests (the requester reads their request's quotes); purchasers alone write them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.choices import Role
from finance.models import PurchaseOrder, Quote
from finance.models.common import FINANCE_READERS, OWN_REQUESTERS, PURCHASERS
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.factories import UserFactory
from tests.finance.factories import supplier_of
from tests.finance.factories_purchasing import approved_request, quote_of

READERS = set(FINANCE_READERS) | set(OWN_REQUESTERS)


def _requester(user, school):
    """The acting user when they read only their own requests' records, else a teacher."""
    own_only = set(OWN_REQUESTERS) - set(FINANCE_READERS)
    if user is not None and user.school_id == school.pk and set(user.role_codes) & own_only:
        return user
    return UserFactory(school=school, roles=[Role.TEACHER])


def quote_resource(user):
    def make(school):
        request = approved_request(school, requester=_requester(user, school))
        return quote_of(request, "2800.00")

    return Resource(
        Quote,
        "finance:quote",
        "finance-api:quote",
        make=make,
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": READERS},
        actions=frozenset({"list", "detail"}),
    )


def order_resource(user):
    def make(school):
        request = approved_request(school, requester=_requester(user, school))
        recorder = UserFactory(school=school, roles=[Role.LOGISTICS])
        return PurchaseOrder.objects.create(
            school=school,
            request=request,
            number=f"DD-T-{request.pk}",
            supplier=supplier_of(school),
            amount=request.amount,
            ordered_by=recorder,
        )

    return Resource(
        PurchaseOrder,
        "finance:purchaseorder",
        "finance-api:purchaseorder",
        make=make,
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": READERS},
        actions=frozenset({"list", "detail"}),
    )


RESOURCES = {"quote": quote_resource, "purchaseorder": order_resource}


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
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
def test_only_purchasers_open_the_quote_and_order_forms(role, school, make_user):
    user = make_user(role)
    request = approved_request(school)
    client = Client()
    client.force_login(user)
    wanted = 200 if role in PURCHASERS else 403
    add = client.get(reverse("finance:purchasing_quote_add", args=[request.pk]))
    order = client.get(reverse("finance:purchasing_order", args=[request.pk]))
    assert (add.status_code, order.status_code) == (wanted, wanted), role
    panel = client.get(reverse("finance:purchasing_request", args=[request.pk]))
    # Readers of every request see its panel; the others only their own requests'.
    assert panel.status_code == (200 if role in FINANCE_READERS else 404), role
