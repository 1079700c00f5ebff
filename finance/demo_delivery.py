"""The delivery part's demo: 语文组办公电脑, requested by 刘芳, approved by the head of the
Chinese department and the director, ordered after three quotes, accepted by 陈晓东 and 张伟
into two asset cards, and paid by the admin (the invoice below the estimate: the rest released).

The earlier stages are written directly when the other parts' demo has not made them; the
acceptance and the payment go through the services, as on the pages."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assets.models import AssetCategory
from assets.services.cards import categories_seed_defaults
from core.models import Department, School, Supplier, User
from finance.choices import ApprovalLevel, Decision, ProcurementMethod, RequestStatus
from finance.models import (
    Approval,
    BudgetLine,
    PurchaseItem,
    PurchaseOrder,
    PurchaseRequest,
    Quote,
)
from finance.services.budget import budget_commit
from finance.services.delivery import LineInput, acceptance_record, payment_record

TITLE = "语文组办公电脑"
QUOTES = [
    ("联想（杭州）专卖店", "9600.00"),
    ("华硕电脑城店", "9900.00"),
    ("戴尔授权经销商", "10200.00"),
]


def _people(school: School) -> dict[str, User] | None:
    names = ["teacher1", "teacher2", "teacher3", "director", "logistics1", "admin"]
    found = {u.username: u for u in User.objects.filter(school=school, username__in=names)}
    return found if len(found) == len(names) else None


def _ordered(school: School, people: dict[str, User], line: BudgetLine) -> PurchaseRequest:
    today = timezone.localdate()
    department = Department.objects.filter(school=school, name="语文教研组").first()
    request = PurchaseRequest.objects.create(
        school=school,
        number=f"CG-{today:%Y%m%d}-9001",
        title=TITLE,
        requested_by=people["teacher1"],
        department=department,
        budget_line=line,
        reason="语文组两台备课电脑已用满八年，运行缓慢，影响备课与课件制作。",
        amount=Decimal("9600.00"),
        levels=[ApprovalLevel.HEAD, ApprovalLevel.DIRECTOR],
        round=1,
        submitted_at=timezone.now(),
        method=ProcurementMethod.QUOTES,
    )
    categories_seed_defaults(school)
    PurchaseItem.objects.create(
        school=school,
        request=request,
        name="办公电脑",
        specification="i5/16G/512G SSD，23.8英寸显示器",
        quantity=Decimal("2"),
        unit="台",
        unit_price=Decimal("4800.00"),
        amount=Decimal("9600.00"),
        asset_category=AssetCategory.objects.get(school=school, code="2101"),
    )
    for level, approver in ((ApprovalLevel.HEAD, "teacher3"), (ApprovalLevel.DIRECTOR, "director")):
        Approval.objects.create(
            school=school,
            request=request,
            round=1,
            level=level,
            decision=Decision.APPROVED,
            approver=people[approver],
            requester=people["teacher1"],
            comment="同意",
        )
    budget_commit(
        line_id=line.pk,
        school_id=school.pk,
        amount=request.amount,
        request=request,
        actor=people["director"],
    )
    quotes = []
    for name, amount in QUOTES:
        supplier, _created = Supplier.objects.get_or_create(
            school=school, name=name, defaults={"contact": "刘经理", "phone": "0571-88000000"}
        )
        quotes.append(
            Quote.objects.create(
                school=school,
                request=request,
                supplier=supplier,
                amount=Decimal(amount),
                recorded_by=people["logistics1"],
            )
        )
    PurchaseOrder.objects.create(
        school=school,
        request=request,
        number=f"DD-{today:%Y%m%d}-9001",
        supplier=quotes[0].supplier,
        quote=quotes[0],
        amount=Decimal("9600.00"),
        ordered_by=people["logistics1"],
    )
    PurchaseRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.ORDERED, committed=request.amount, approved_at=timezone.now()
    )
    request.refresh_from_db()
    return request


@transaction.atomic
def seed_delivery_demo() -> None:
    """Idempotent: nothing is added once the demo request exists."""
    school = School.objects.filter(code="hongxing").first()
    if school is None or PurchaseRequest.objects.filter(school=school, title=TITLE).exists():
        return
    people = _people(school)
    line = BudgetLine.objects.filter(school=school, name="办公设备购置").first()
    if people is None or line is None:
        return
    request = _ordered(school, people, line)
    acceptance_record(
        request=request,
        actor=people["logistics1"],
        second_acceptor=people["teacher2"],
        lines=[LineInput(request.items.get(), Decimal("2"), Decimal("4700.00"))],
        invoice_number="No.33012345",
        notes="外观完好，开机测试正常",
    )
    request.refresh_from_db()
    payment_record(
        request=request,
        actor=people["admin"],
        amount=Decimal("9400.00"),
        voucher_number=f"记-{timezone.localdate():%Y%m}-0001",
        notes="转账支付",
    )
