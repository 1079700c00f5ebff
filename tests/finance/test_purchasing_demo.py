"""The purchasing demo: graded suppliers (one blacklisted), an approved request with three
quotes awaiting its order, an order that took the middle quote with a reason; run twice, the
same rows."""

from decimal import Decimal

import pytest

from core.demo import seed_demo_school
from core.models import Supplier
from finance.choices import RequestStatus
from finance.demo import seed_finance_demo
from finance.models import BudgetMovement, PurchaseOrder, PurchaseRequest, Quote

pytestmark = pytest.mark.django_db


def test_the_demo_has_quotes_and_one_order_and_is_idempotent():
    school = seed_demo_school()
    seed_finance_demo()
    seed_finance_demo()
    projector = PurchaseRequest.objects.get(school=school, title="多媒体教室投影仪")
    assert projector.status == RequestStatus.APPROVED
    assert projector.quotes.count() == 3
    order = PurchaseOrder.objects.get(school=school, request__title="教务处激光打印机")
    assert order.request.title == "教务处激光打印机"
    assert order.request.status == RequestStatus.ORDERED
    assert order.amount == Decimal("5060.00") and order.choice_reason
    ours = [projector.pk, order.request_id]  # the other parts' demos add their own orders
    assert Quote.objects.filter(school=school, request__in=ours).count() == 6
    assert Supplier.objects.get(school=school, name="恒信电器批发部").is_blacklisted
    committed = BudgetMovement.objects.filter(request__in=ours, kind="commit")
    assert sorted(m.amount for m in committed) == sorted([projector.amount, order.request.amount])
