"""The suppliers part's demo data: the finance suppliers with bank details (one blacklisted),
their contracts (one ending soon), last year's evaluations, and last month's published
disclosure (with the payments it sums, made here while the delivery part's demo is elsewhere)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.models import School, Supplier, User
from finance.choices import PaymentMethod, ProcurementMethod, RequestStatus
from finance.models import (
    BudgetLine,
    ExpenditureDisclosure,
    Payment,
    PurchaseItem,
    PurchaseOrder,
    PurchaseRequest,
    SupplierContract,
    SupplierEvaluation,
)
from finance.services import disclosure as disclosure_services
from finance.services import suppliers as services

# name, bank, account, blacklisted because
SUPPLIERS = [
    ("南京文瀚办公用品有限公司", "中国银行南京鼓楼支行", "4563 5100 0012 3481", ""),
    ("金陵数码科技有限公司", "中国工商银行南京新街口支行", "6222 0243 0100 8827", ""),
    ("苏宁印务有限公司", "江苏银行南京城北支行", "3201 1880 0000 5562", ""),
    (
        "恒达教学设备厂",
        "中国建设银行南京江宁支行",
        "3205 0159 5360 0000 0417",
        "2025年供货以次充好，经集体研究列入黑名单",
    ),
]
# supplier, title, number, started days ago, ends in days, amount
CONTRACTS = [
    ("南京文瀚办公用品有限公司", "办公用品年度供货合同", "HT-2026-001", 330, 20, "36000.00"),
    ("金陵数码科技有限公司", "计算机设备维保合同", "HT-2026-002", 120, 245, "18000.00"),
    ("苏宁印务有限公司", "试卷印刷服务合同", "HT-2026-003", 200, 165, "24000.00"),
]
# supplier, quality, delivery, price, service
EVALUATIONS = [
    ("南京文瀚办公用品有限公司", 5, 5, 4, 5),
    ("金陵数码科技有限公司", 4, 4, 4, 3),
    ("苏宁印务有限公司", 3, 4, 3, 3),
    ("恒达教学设备厂", 2, 2, 3, 2),
]
# supplier, line name, title, amount, method
PURCHASES = [
    (
        "金陵数码科技有限公司",
        "办公设备购置",
        "教师办公室激光打印机",
        "12600.00",
        ProcurementMethod.QUOTES,
    ),
    ("南京文瀚办公用品有限公司", "办公费", "期中办公用品", "3280.00", ProcurementMethod.DIRECT),
    ("苏宁印务有限公司", "印刷费", "期中考试试卷印刷", "6850.00", ProcurementMethod.QUOTES),
]


def _suppliers(school: School) -> dict[str, Supplier]:
    found = {}
    for name, bank, account, reason in SUPPLIERS:
        found[name], _created = Supplier.objects.get_or_create(
            school=school,
            name=name,
            defaults={
                "bank_name": bank,
                "bank_account": account,
                "is_blacklisted": bool(reason),
                "blacklist_reason": reason,
                "contact": "业务经理",
                "phone": "025-84000000",
            },
        )
    return found


def _contracts(school: School, suppliers: dict[str, Supplier], actor: User) -> None:
    today = timezone.localdate()
    for name, title, number, started, ends, amount in CONTRACTS:
        if SupplierContract.objects.filter(school=school, number=number).exists():
            continue
        services.contract_save(
            contract=SupplierContract(
                school=school,
                supplier=suppliers[name],
                title=title,
                number=number,
                starts_on=today - dt.timedelta(days=started),
                ends_on=today + dt.timedelta(days=ends),
                amount=Decimal(amount),
            ),
            actor=actor,
        )


def _evaluations(school: School, suppliers: dict[str, Supplier], actor: User) -> None:
    year = timezone.localdate().year - 1
    for name, quality, delivery, price, service in EVALUATIONS:
        if SupplierEvaluation.objects.filter(supplier=suppliers[name], year=year).exists():
            continue
        services.evaluation_save(
            evaluation=SupplierEvaluation(
                school=school,
                supplier=suppliers[name],
                year=year,
                quality=quality,
                delivery=delivery,
                price=price,
                service=service,
            ),
            actor=actor,
        )


def _paid_purchases(school: School, suppliers, people: dict[str, User], month: dt.date) -> None:
    """Last month's paid purchases, made directly (the chain's own demo lives in other parts)."""
    lines = {line.name: line for line in BudgetLine.objects.filter(school=school)}
    for index, (name, line_name, title, amount, method) in enumerate(PURCHASES, start=1):
        number = f"CG-DEMO-S{index:03d}"
        if PurchaseRequest.objects.filter(school=school, number=number).exists():
            continue
        money = Decimal(amount)
        paid_on = month + dt.timedelta(days=4 + 6 * index)
        request = PurchaseRequest.objects.create(
            school=school,
            number=number,
            title=title,
            requested_by=people["teacher"],
            budget_line=lines.get(line_name),
            reason="教学办公需要",
            status=RequestStatus.PAID,
            amount=money,
            spent=money,
            method=method,
        )
        PurchaseItem.objects.create(
            school=school,
            request=request,
            name=title,
            quantity=Decimal("1"),
            unit="批",
            unit_price=money,
            amount=money,
        )
        order = PurchaseOrder.objects.create(
            school=school,
            request=request,
            number=f"DD-DEMO-S{index:03d}",
            supplier=suppliers[name],
            amount=money,
            ordered_on=paid_on - dt.timedelta(days=5),
            ordered_by=people["logistics"],
        )
        Payment.objects.create(
            school=school,
            order=order,
            amount=money,
            paid_on=paid_on,
            method=PaymentMethod.TRANSFER,
            voucher_number=f"PZ-DEMO-S{index:03d}",
            payer=people["logistics"],
        )


@transaction.atomic
def seed_suppliers_demo() -> None:
    school = School.objects.filter(code="hongxing").first()
    if school is None:
        return
    found = {
        key: User.objects.filter(school=school, username=username).first()
        for key, username in (
            ("director", "director"),
            ("principal", "principal"),
            ("logistics", "logistics1"),
            ("teacher", "teacher1"),
        )
    }
    people = {key: user for key, user in found.items() if user is not None}
    if len(people) < len(found):
        return  # the demo's users are not there
    suppliers = _suppliers(school)
    _contracts(school, suppliers, people["logistics"])
    _evaluations(school, suppliers, people["director"])
    month = disclosure_services.month_start(
        disclosure_services.month_start(timezone.localdate()) - dt.timedelta(days=1)
    )
    if ExpenditureDisclosure.objects.filter(school=school, month=month).exists():
        return
    _paid_purchases(school, suppliers, people, month)
    disclosure = disclosure_services.disclosure_draft(
        actor=people["director"], month=month, is_public=True
    )
    disclosure = disclosure_services.disclosure_submit(
        disclosure=disclosure, actor=people["director"]
    )
    disclosure_services.disclosure_approve(disclosure=disclosure, actor=people["principal"])
