"""Payment (报销/付款): never above the accepted amount, not by an approver, committed → spent
through the budget service, the difference released when fully paid, and past the school's
tolerance an approval of the excess by the director or the principal first."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import Notification
from core.workflow import TransitionRefused
from finance.choices import MovementKind, RequestStatus
from finance.models import BudgetMovement, ExcessApproval, FinanceSettings, Payment
from finance.services.delivery import (
    LineInput,
    acceptance_record,
    excess_approve,
    payment_record,
)
from tests.factories import SchoolFactory
from tests.finance.factories import line_of, office
from tests.finance.factories_delivery import ordered

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    school = SchoolFactory()
    return school, office(school)


def _accepted(school, people, *, price="4800.00", invoiced=None, quantity="2", line=None):
    """An accepted request of `quantity` computers estimated at `price`, invoiced at `invoiced`."""
    request = ordered(school, people, items=[("办公电脑", quantity, price)], line=line)
    acceptance_record(
        request=request,
        actor=people["acceptor2"],
        second_acceptor=people["acceptor1"],
        lines=[LineInput(request.items.get(), Decimal(quantity), Decimal(invoiced or price))],
        invoice_number="INV-1",
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    return request


def _pay(request, people, amount, *, payer="admin", voucher=None):
    return payment_record(
        request=request,
        actor=people[payer],
        amount=Decimal(amount),
        voucher_number=voucher or f"PZ-{amount}-{payer}",
    )


def _figures(request):
    request.refresh_from_db()
    line = request.budget_line
    line.refresh_from_db()
    return (request.status, request.committed, request.spent, line.committed, line.spent)


def test_a_payment_in_full_moves_committed_to_spent(setup):
    school, people = setup
    request = _accepted(school, people)
    payment = _pay(request, people, "9600.00")
    assert payment.payer == people["admin"] and payment.excess_approved_by is None
    assert _figures(request) == (
        RequestStatus.PAID,
        Decimal("0"),
        Decimal("9600.00"),
        Decimal("0"),
        Decimal("9600.00"),
    )
    kinds = list(BudgetMovement.objects.filter(request=request).values_list("kind", "amount"))
    assert (MovementKind.SPEND, Decimal("9600.00")) in kinds


def test_payments_in_parts_and_the_invoice_below_the_estimate_releases_the_rest(setup):
    school, people = setup
    request = _accepted(school, people, price="4800.00", invoiced="4500.00")  # 9,000 invoiced
    _pay(request, people, "4000.00")
    assert _figures(request) == (
        RequestStatus.ACCEPTED,
        Decimal("5600.00"),
        Decimal("4000.00"),
        Decimal("5600.00"),
        Decimal("4000.00"),
    )
    _pay(request, people, "5000.00")
    # Paid in full: the 600 yuan the estimate committed beyond the invoice go back to the line.
    assert _figures(request) == (
        RequestStatus.PAID,
        Decimal("0"),
        Decimal("9000.00"),
        Decimal("0"),
        Decimal("9000.00"),
    )
    released = BudgetMovement.objects.get(request=request, kind=MovementKind.RELEASE)
    assert released.amount == Decimal("600.00")
    # Paid: a further payment is not possible now (409).
    with pytest.raises(TransitionRefused) as late:
        _pay(request, people, "1.00")
    assert late.value.status_code == 409


def test_a_payment_above_the_accepted_amount_is_refused_and_the_budget_unchanged(setup):
    school, people = setup
    request = _accepted(school, people)
    before = _figures(request)
    with pytest.raises(ValidationError) as refused:
        _pay(request, people, "9600.01")
    assert refused.value.error_dict["amount"][0].code == "over_paid"
    assert "9600.00" in refused.value.messages[0]
    assert _figures(request) == before
    assert Payment.objects.count() == 0


@pytest.mark.parametrize("amount", ["0", "-5", "10.005"])
def test_zero_negative_and_three_decimal_amounts_are_refused(setup, amount):
    school, people = setup
    request = _accepted(school, people)
    before = _figures(request)
    with pytest.raises(ValidationError):
        _pay(request, people, amount)
    assert _figures(request) == before
    assert Payment.objects.count() == 0


def test_an_approver_may_not_pay(setup):
    school, people = setup
    request = _accepted(school, people)
    before = _figures(request)
    with pytest.raises(TransitionRefused) as refused:
        _pay(request, people, "9600.00", payer="director")  # the director approved it
    assert refused.value.code == "approver_pays" and refused.value.status_code == 403
    assert _figures(request) == before
    # A teacher may not pay at all (role), another school's admin does not find it.
    with pytest.raises(TransitionRefused) as role:
        _pay(request, people, "9600.00", payer="acceptor1")
    assert role.value.status_code in (403, 404)
    stranger = office(SchoolFactory())["admin"]
    with pytest.raises(TransitionRefused) as other:
        payment_record(request=request, actor=stranger, amount=Decimal("1"), voucher_number="Z")
    assert other.value.status_code == 404
    assert _figures(request) == before


def test_the_voucher_number_is_unique_in_the_school(setup):
    school, people = setup
    first = _accepted(school, people)
    second = _accepted(school, people)
    _pay(first, people, "100.00", voucher="记-0001")
    before = _figures(second)
    with pytest.raises(ValidationError) as refused:
        _pay(second, people, "100.00", voucher="记-0001")
    assert refused.value.error_dict["voucher_number"][0].code == "duplicate_voucher"
    assert _figures(second) == before
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            school=school,
            order=second.order,
            amount=Decimal("1"),
            method="transfer",
            voucher_number="记-0001",
            payer=people["admin"],
        )
    # Another school may use the same voucher number.
    other = SchoolFactory()
    their = office(other)
    _pay(_accepted(other, their), their, "100.00", voucher="记-0001")


def test_within_the_tolerance_the_excess_is_paid_from_the_line(setup):
    school, people = setup
    # 5 % tolerance: 9,600 estimated, 10,000 invoiced (4.2 % above) needs no approval.
    request = _accepted(school, people, invoiced="5000.00")
    _pay(request, people, "10000.00")
    status, committed, spent, line_committed, line_spent = _figures(request)
    assert (status, committed, spent) == (RequestStatus.PAID, Decimal("0"), Decimal("10000.00"))
    assert (line_committed, line_spent) == (Decimal("0"), Decimal("10000.00"))


def test_past_the_tolerance_the_director_or_principal_approves_first(setup):
    school, people = setup
    # 9,600 estimated, 11,000 invoiced: 14.6 % above the 5 % tolerance.
    request = _accepted(school, people, invoiced="5500.00")
    told = Notification.objects.filter(title__contains=request.number).exclude(
        recipient=people["teacher"]
    )
    assert set(told.values_list("recipient", flat=True)) == {
        people["director"].pk,
        people["principal"].pk,
    }
    before = _figures(request)
    with pytest.raises(ValidationError) as waiting:
        _pay(request, people, "11000.00")
    assert waiting.value.code == "excess_not_approved"
    assert _figures(request) == before
    # Not the logistics clerk, not a teacher: 403.
    for who in ("logistics", "acceptor1"):
        with pytest.raises(TransitionRefused) as refused:
            excess_approve(request=request, actor=people[who])
        assert refused.value.status_code in (403, 404)
    approval = excess_approve(request=request, actor=people["principal"], note="同意")
    assert approval.invoiced == Decimal("11000.00") and approval.estimate == Decimal("9600.00")
    with pytest.raises(ValidationError):
        excess_approve(request=request, actor=people["director"])  # already approved
    payment = _pay(request, people, "11000.00")
    assert payment.excess_approved_by == people["principal"]
    status, _committed, spent, line_committed, line_spent = _figures(request)
    assert (status, spent, line_spent, line_committed) == (
        RequestStatus.PAID,
        Decimal("11000.00"),
        Decimal("11000.00"),
        Decimal("0"),
    )


def test_the_excess_approver_is_not_the_payer(setup):
    school, people = setup
    request = _accepted(school, people, invoiced="5500.00")
    # The admin approves nothing; a second director approves the excess, then tries to pay.
    from core.choices import Role
    from tests.factories import UserFactory

    deputy = UserFactory(school=school, roles=[Role.DIRECTOR])
    excess_approve(request=request, actor=deputy)
    before = _figures(request)
    with pytest.raises(ValidationError) as refused:
        payment_record(
            request=request, actor=deputy, amount=Decimal("11000.00"), voucher_number="V-9"
        )
    assert refused.value.code == "excess_payer"
    assert _figures(request) == before


def test_no_approval_of_an_excess_within_the_tolerance_or_before_acceptance(setup):
    school, people = setup
    request = _accepted(school, people)
    with pytest.raises(ValidationError) as refused:
        excess_approve(request=request, actor=people["principal"])
    assert refused.value.code == "not_needed"
    early = ordered(school, people)
    with pytest.raises(TransitionRefused) as not_yet:
        excess_approve(request=early, actor=people["principal"])
    assert not_yet.value.status_code == 409
    assert ExcessApproval.objects.count() == 0


def test_the_school_sets_the_tolerance(setup):
    school, people = setup
    FinanceSettings.of(school.pk)
    FinanceSettings.objects.filter(school=school).update(payment_tolerance_percent=Decimal("20"))
    request = _accepted(school, people, invoiced="5500.00")  # 14.6 % above: within 20 %
    _pay(request, people, "11000.00")
    assert _figures(request)[0] == RequestStatus.PAID


def test_a_stop_line_refuses_an_excess_it_has_no_room_for(setup):
    school, people = setup
    line = line_of(school, amount="10000")  # 9,600 committed, 400 free
    request = _accepted(school, people, invoiced="5000.00", line=line)  # 10,000: +400 fits
    FinanceSettings.of(school.pk)
    FinanceSettings.objects.filter(school=school).update(payment_tolerance_percent=Decimal("10"))
    other_line = line_of(school, amount="9700")
    tight = _accepted(school, people, invoiced="5000.00", line=other_line)  # +400, 100 free
    before = _figures(tight)
    with pytest.raises(ValidationError) as refused:
        _pay(tight, people, "10000.00")
    assert refused.value.code == "budget_exceeded"
    assert _figures(tight) == before
    _pay(request, people, "10000.00")
    assert _figures(request)[0] == RequestStatus.PAID
