"""Demo data of the purchasing part: office-equipment suppliers with last year's grades (one
blacklisted), an approved request with three quotes awaiting its order (多媒体教室投影仪), and
an ordered one whose order took the middle quote with a reason (教务处激光打印机).
Idempotent: rows are found by name/title; the order goes through the service."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.models import School, Supplier, User
from finance.choices import RequestStatus
from finance.models import (
    BudgetLine,
    BudgetYear,
    PurchaseItem,
    PurchaseRequest,
    Quote,
    SupplierEvaluation,
)
from finance.services.budget import budget_commit
from finance.services.purchasing import order_place

# name, grade of last year (None: not evaluated), blacklisted because
SUPPLIERS = [
    ("杭州华教教育装备有限公司", "A", ""),
    ("滨江数码科技商行", "B", ""),
    ("浙东办公设备有限公司", "C", ""),
    ("恒信电器批发部", None, "2025 年供货以次充好，经校务会决定列入黑名单"),
]
SCORES = {"A": 5, "B": 4, "C": 3}
# title, item, quantity, unit price, quotes (supplier index, amount), order (quote index, reason)
REQUESTS = [
    (
        "多媒体教室投影仪",
        "激光投影仪",
        "2",
        "4800.00",
        [(0, "9360.00"), (1, "9180.00"), (2, "9550.00")],
        None,
    ),
    (
        "教务处激光打印机",
        "A3 黑白激光打印机",
        "2",
        "2600.00",
        [(0, "5060.00"), (1, "4980.00"), (2, "5200.00")],
        (0, "滨江数码售后在外区、维修周期长；华教为区内定点维修单位"),
    ),
]


def _suppliers(school: School, evaluator: User) -> list[Supplier]:
    found = []
    year = timezone.localdate().year - 1
    for name, grade, blacklisted in SUPPLIERS:
        supplier, _created = Supplier.objects.get_or_create(
            school=school,
            name=name,
            defaults={
                "contact": "王经理",
                "phone": "0571-86000000",
                "is_blacklisted": bool(blacklisted),
                "blacklist_reason": blacklisted,
            },
        )
        if grade is not None:
            score = SCORES[grade]
            SupplierEvaluation.objects.get_or_create(
                school=school,
                supplier=supplier,
                year=year,
                defaults={
                    "quality": score,
                    "delivery": score,
                    "price": score,
                    "service": score,
                    "score": Decimal(score),
                    "grade": grade,
                    "evaluated_by": evaluator,
                },
            )
        found.append(supplier)
    return found


def _approved(
    school: School, line: BudgetLine, requester: User, director: User, spec
) -> PurchaseRequest:
    title, item, quantity, price, _quotes, _order = spec
    found = PurchaseRequest.objects.filter(school=school, title=title).first()
    if found is not None:
        return found
    amount = (Decimal(quantity) * Decimal(price)).quantize(Decimal("0.01"))
    number = f"CG-DEMO-P{[r[0] for r in REQUESTS].index(title) + 1:02d}"
    request = PurchaseRequest.objects.create(
        school=school,
        number=number,
        title=title,
        requested_by=requester,
        department=requester.department,
        budget_line=line,
        reason="教学需要，旧设备已报废",
        amount=amount,
        status=RequestStatus.APPROVED,
        approved_at=timezone.now(),
        committed=amount,
    )
    PurchaseItem.objects.create(
        school=school,
        request=request,
        name=item,
        quantity=Decimal(quantity),
        unit="台",
        unit_price=Decimal(price),
        amount=amount,
    )
    budget_commit(
        line_id=line.pk, school_id=school.pk, amount=amount, request=request, actor=director
    )
    return request


@transaction.atomic
def seed_purchasing_demo(year: BudgetYear) -> None:
    school = year.school
    people = {
        u.username: u
        for u in User.objects.filter(
            school=school, username__in=["teacher1", "director", "logistics1"]
        )
    }
    line = BudgetLine.objects.filter(budget_year=year, name="办公设备购置").first()
    if len(people) < 3 or line is None:
        return
    suppliers = _suppliers(school, people["director"])
    for spec in REQUESTS:
        request = _approved(school, line, people["teacher1"], people["director"], spec)
        for index, amount in spec[4]:
            Quote.objects.get_or_create(
                school=school,
                request=request,
                supplier=suppliers[index],
                defaults={"amount": Decimal(amount), "recorded_by": people["logistics1"]},
            )
        if spec[5] is not None and request.status == RequestStatus.APPROVED:
            index, reason = spec[5]
            quote = request.quotes.get(supplier=suppliers[index])
            order_place(request=request, actor=people["logistics1"], quote=quote, reason=reason)
