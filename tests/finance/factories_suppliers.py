"""Test data of the suppliers part: contracts, evaluations, paid purchases, disclosures."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from core.choices import Role
from core.models import School, Supplier, User
from finance.choices import PaymentMethod, ProcurementMethod, RequestStatus
from finance.models import (
    BudgetLine,
    ExpenditureDisclosure,
    Payment,
    PurchaseOrder,
    SupplierContract,
    SupplierEvaluation,
)
from tests.factories import UserFactory
from tests.finance.factories import request_of, supplier_of

SEQ = itertools.count(1)


def contract_of(school: School, *, supplier: Supplier | None = None, ends_in: int = 200, **kw):
    today = timezone.localdate()
    return SupplierContract.objects.create(
        school=school,
        supplier=supplier or supplier_of(school),
        title=kw.pop("title", f"供货合同{next(SEQ)}"),
        starts_on=kw.pop("starts_on", today - dt.timedelta(days=100)),
        ends_on=today + dt.timedelta(days=ends_in),
        **kw,
    )


def evaluation_of(school: School, *, supplier: Supplier | None = None, year: int | None = None):
    return SupplierEvaluation.objects.create(
        school=school,
        supplier=supplier or supplier_of(school),
        year=year or 2000 + next(SEQ),
        quality=4,
        delivery=4,
        price=4,
        service=4,
        score=Decimal("4.00"),
        grade="B",
        evaluated_by=UserFactory(school=school, roles=[Role.DIRECTOR]),
    )


def paid_purchase(
    school: School,
    *,
    requester: User,
    line: BudgetLine | None,
    amount: str,
    paid_on: dt.date,
    supplier: Supplier | None = None,
    title: str = "激光打印机",
    method: str = ProcurementMethod.QUOTES,
) -> Payment:
    """A request with its order and one payment (made directly: the delivery part's services
    write real ones)."""
    money = Decimal(amount)
    request = request_of(
        school, requester=requester, line=line, items=[(title, "1", amount)], title=title
    )
    request.status, request.method = RequestStatus.PAID, method
    request.save(update_fields=["status", "method"])
    payer = UserFactory(school=school, roles=[Role.LOGISTICS])
    order = PurchaseOrder.objects.create(
        school=school,
        request=request,
        number=f"DD-{next(SEQ):05d}",
        supplier=supplier or supplier_of(school),
        amount=money,
        ordered_by=payer,
    )
    return Payment.objects.create(
        school=school,
        order=order,
        amount=money,
        paid_on=paid_on,
        method=PaymentMethod.TRANSFER,
        voucher_number=f"PZ-{next(SEQ):05d}",
        payer=payer,
    )


def disclosure_of(school: School, *, month: dt.date | None = None, drafter: User | None = None):
    n = next(SEQ)
    return ExpenditureDisclosure.objects.create(
        school=school,
        month=month or dt.date(1990 + n // 12, n % 12 + 1, 1),
        drafted_by=drafter or UserFactory(school=school, roles=[Role.DIRECTOR]),
        public_token=f"token-{n}-abcdefghijklmnop",
    )
