"""Test data of the purchasing part: an approved request (made directly: the requests part's
services approve real ones), suppliers with a grade, quotes."""

from __future__ import annotations

import itertools
from decimal import Decimal

from django.utils import timezone

from core.models import School, Supplier, User
from finance.choices import RequestStatus
from finance.models import PurchaseRequest, Quote, SupplierEvaluation
from tests.finance.factories import line_of, office, request_of, supplier_of

_seq = itertools.count(1)


def approved_request(
    school: School,
    *,
    requester: User | None = None,
    price: str = "3000.00",
    quantity: str = "1",
    **kwargs,
) -> PurchaseRequest:
    """An approved request of `price` × `quantity` on a new budget line with room for it."""
    if requester is None:
        requester = office(school)["teacher"]
    total = Decimal(price) * Decimal(quantity)
    line = line_of(school, amount=str(max(total * 2, Decimal("1000"))))
    request = request_of(
        school, requester=requester, line=line, items=[("投影仪", quantity, price)], **kwargs
    )
    request.status = RequestStatus.APPROVED
    request.approved_at = timezone.now()
    request.committed = request.amount
    request.save(update_fields=["status", "approved_at", "committed"])
    return request


def graded_supplier(
    school: School, grade: str = "A", year: int | None = None, **kwargs
) -> Supplier:
    supplier = supplier_of(school, **kwargs)
    evaluator = User.objects.filter(school=school).first()
    if evaluator is None:
        evaluator = office(school)["director"]
    score = {"A": 5, "B": 4, "C": 3, "D": 2}[grade]
    SupplierEvaluation.objects.create(
        school=school,
        supplier=supplier,
        year=year or timezone.localdate().year - 1,
        quality=score,
        delivery=score,
        price=score,
        service=score,
        score=Decimal(score),
        grade=grade,
        evaluated_by=evaluator,
    )
    return supplier


def quote_of(request: PurchaseRequest, amount: str, supplier: Supplier | None = None) -> Quote:
    """A quote made directly (tests that start after the quotes were recorded)."""
    supplier = supplier or supplier_of(request.school)
    recorder = User.objects.filter(school=request.school).exclude(pk=request.requested_by_id)
    return Quote.objects.create(
        school=request.school,
        request=request,
        supplier=supplier,
        amount=Decimal(amount),
        recorded_by=recorder.first() or request.requested_by,
    )


def unique_name(prefix: str) -> str:
    return f"{prefix}{next(_seq)}"
