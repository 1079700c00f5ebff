"""Every role against acceptances and payments (list, detail, HTML and API, school isolation),
and against the delivery part's pages: the panel, record an acceptance, record a payment.

The director, the principal, the admin and the logistics staff read every acceptance and payment
of their school, the district reads; everyone else reads those of their own requests (and, as a
head, their department's). Both are made by the request's steps only (no generic add/edit)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.choices import Role
from finance.models import Acceptance, Payment, PurchaseOrder
from finance.models.common import FINANCE_READERS, OWN_REQUESTERS, PAYERS, REQUEST_MANAGERS
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.factories import UserFactory
from tests.finance.factories import line_of, office, request_of, supplier_of
from tests.finance.factories_delivery import ordered

_seq = iter(range(1, 1_000_000))


def _order(school, user):
    """An order of a request by `user` when they read only their own rows, else a teacher's."""
    own = user is not None and user.school_id == school.pk and set(user.role_codes) & OWN_REQUESTERS
    requester = user if own else UserFactory(school=school, roles=[Role.TEACHER])
    request = request_of(school, requester=requester, line=line_of(school))
    return PurchaseOrder.objects.create(
        school=school,
        request=request,
        number=f"DD-ACC-{next(_seq)}",
        supplier=supplier_of(school),
        amount=request.amount,
        ordered_by=UserFactory(school=school, roles=[Role.LOGISTICS]),
    )


def _acceptance(school, user):
    order = _order(school, user)
    return Acceptance.objects.create(
        school=school,
        order=order,
        first_acceptor=UserFactory(school=school, roles=[Role.LOGISTICS]),
        second_acceptor=UserFactory(school=school, roles=[Role.TEACHER]),
        requester=order.request.requested_by,
        invoice_number=f"INV-{next(_seq)}",
        invoice_amount=order.amount,
    )


def _payment(school, user):
    order = _order(school, user)
    return Payment.objects.create(
        school=school,
        order=order,
        amount=order.amount,
        method="transfer",
        voucher_number=f"PZ-{next(_seq)}",
        payer=UserFactory(school=school, roles=[Role.ADMIN]),
    )


VIEW = set(FINANCE_READERS) | set(OWN_REQUESTERS)


def acceptance_resource(user):
    return Resource(
        Acceptance,
        "finance:acceptance",
        "finance-api:acceptance",
        make=lambda school: _acceptance(school, user),
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": VIEW},
        actions=frozenset({"list", "detail"}),
    )


def payment_resource(user):
    return Resource(
        Payment,
        "finance:payment",
        "finance-api:payment",
        make=lambda school: _payment(school, user),
        form_data=lambda s: {},
        api_data=lambda s: {},
        can={"view": VIEW},
        actions=frozenset({"list", "detail"}),
    )


RESOURCES = {"acceptance": acceptance_resource, "payment": payment_resource}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
@pytest.mark.parametrize("name", RESOURCES)
def test_role_access_and_school_isolation(name, role, school, other_school, make_user):
    user = make_user(role)
    resource = RESOURCES[name](user)
    mismatches = check_role(resource, role, school=school, other_school=other_school, user=user)
    assert mismatches == {}, f"{name} as {role}: (got, wanted) {mismatches}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", RESOURCES)
def test_district_viewer_reads_its_schools_only(name, school, other_school):
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    resource = RESOURCES[name](viewer)
    mismatches = check_role(
        resource, Role.DISTRICT, school=school, other_school=other_school, user=viewer
    )
    assert mismatches == {}, f"{name} as district viewer: {mismatches}"


@pytest.mark.django_db
def test_a_teacher_does_not_read_a_colleagues_acceptance(school):
    people = office(school)
    mine, theirs = _acceptance(school, people["teacher"]), _acceptance(school, None)
    client = Client()
    client.force_login(people["teacher"])
    assert client.get(reverse("finance:acceptance_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("finance:acceptance_detail", args=[theirs.pk])).status_code == 404
    listed = {pk for pk, _row in client.get(reverse("finance:acceptance_list")).context["rows"]}
    assert listed == {mine.pk}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_who_opens_the_record_pages_of_an_ordered_and_an_accepted_request(
    role, school, other_school
):
    """Record an acceptance: the office (logistics, director, admin) — teachers only on their
    department's requests as its head — never the requester; record a payment: the payers
    who approved nothing of it, once it is accepted. Another school: 404."""
    people = office(school)
    request = ordered(school, people)
    user = (
        UserFactory(school=None, roles=[role])
        if role == Role.DISTRICT
        else UserFactory(school=school, roles=[role])
    )
    if role == Role.DISTRICT:
        user.district_schools.add(school)
    client = Client()
    client.force_login(user)
    sees = role in FINANCE_READERS
    accept = client.get(reverse("finance:acceptance_record", args=[request.pk]))
    if not sees:
        assert accept.status_code == 404, role  # a teacher does not see a colleague's request
    elif role in REQUEST_MANAGERS:
        assert accept.status_code == 200, role
    else:
        # The principal reads it but takes no part in the delivery; the district only reads.
        assert accept.status_code == 403, role
    pay = client.get(reverse("finance:payment_record", args=[request.pk]))
    # Not accepted yet: whoever may pay is told it is not possible now (409).
    if sees and role in PAYERS:
        assert pay.status_code == 409, role
    elif sees:
        assert pay.status_code == 403, role
    else:
        assert pay.status_code == 404, role
    stranger = UserFactory(school=other_school, roles=[Role.ADMIN])
    client.force_login(stranger)
    assert client.get(reverse("finance:acceptance_record", args=[request.pk])).status_code == 404
    assert client.get(reverse("finance:delivery_panel", args=[request.pk])).status_code == 404


@pytest.mark.django_db
def test_the_requester_opens_their_panel_but_may_not_accept(school):
    people = office(school)
    request = ordered(school, people)
    client = Client()
    client.force_login(people["teacher"])
    panel = client.get(reverse("finance:delivery_panel", args=[request.pk]))
    assert panel.status_code == 200
    assert reverse("finance:acceptance_record", args=[request.pk]) not in panel.content.decode()
    refused = client.get(reverse("finance:acceptance_record", args=[request.pk]))
    assert refused.status_code == 403
    assert 'data-testid="refusal"' in refused.content.decode()
