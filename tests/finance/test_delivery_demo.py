"""The delivery part's demo: 语文组办公电脑 accepted into two asset cards and paid, once."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.demo import seed_demo_school
from finance.choices import MovementKind, RequestStatus
from finance.demo import seed_finance_demo
from finance.models import BudgetMovement, Payment, PurchaseRequest

pytestmark = pytest.mark.django_db


def test_the_demo_request_is_accepted_into_cards_and_paid_once():
    school = seed_demo_school()
    seed_finance_demo()
    seed_finance_demo()  # idempotent
    request = PurchaseRequest.objects.get(school=school, title="语文组办公电脑")
    assert request.status == RequestStatus.PAID
    assert (request.committed, request.spent) == (Decimal("0"), Decimal("9400.00"))
    acceptance = request.order.acceptances.get()
    cards = list(acceptance.lines.get().assets.all())
    assert len(cards) == 2 and all(c.supplier == request.order.supplier.name for c in cards)
    assert acceptance.first_acceptor.username == "logistics1"
    assert Payment.objects.get(order__request=request).payer.username == "admin"
    released = BudgetMovement.objects.get(request=request, kind=MovementKind.RELEASE)
    assert released.amount == Decimal("200.00")
