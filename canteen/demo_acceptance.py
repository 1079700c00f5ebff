"""Demo data of goods acceptance and meal costs (idempotent: natural keys, nothing twice)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from canteen.models import CostDisclosure, Delivery, DinerCount, MealIncome
from canteen.models.acceptance import add_months
from canteen.services import acceptance as services
from canteen.services.acceptance import LineInput
from core.models import School, Supplier, User

SUPPLIERS = [
    # name, licence number, days until expiry, bulk food, contact, phone
    ("红星粮油有限公司", "JY13201060000011", 400, True, "周经理", "025-52300011"),
    ("鑫鲜肉禽蛋配送中心", "JY13201060000027", 200, True, "吴经理", "025-52300027"),
    ("绿源蔬菜配送", "JY23201060000035", 20, False, "郑师傅", "13951000035"),
    ("光明乳业南京经销部", "JY13201060000048", 150, True, "钱经理", "025-52300048"),
]


def _suppliers(school: School) -> dict[str, Supplier]:
    today = timezone.localdate()
    found = {}
    for name, number, days, bulk, contact, phone in SUPPLIERS:
        found[name], _ = Supplier.objects.get_or_create(
            school=school,
            name=name,
            defaults={
                "licence_number": number,
                "licence_expiry": today + dt.timedelta(days=days),
                "is_bulk_food": bulk,
                "contact": contact,
                "phone": phone,
            },
        )
    return found


def _lines(day: dt.date, supplier: str) -> list[LineInput]:
    """What each supplier brings on a school day (rice and oil on Mondays)."""
    n = day.day
    if supplier == "绿源蔬菜配送":
        lines = [
            LineInput("青菜", "vegetables", Decimal("25"), "kg", Decimal("3.20"), day, 3),
            LineInput("西红柿", "vegetables", Decimal("18"), "kg", Decimal("4.60"), day, 5),
            LineInput("土豆", "vegetables", Decimal("20"), "kg", Decimal("2.80"), day, 30),
        ]
        if n % 9 == 0:  # now and then a crate arrives wilted: refused and returned
            lines.append(
                LineInput(
                    "黄瓜",
                    "vegetables",
                    Decimal("10"),
                    "kg",
                    Decimal("4.00"),
                    day,
                    5,
                    result="refused",
                    sensory_ok=False,
                    refusal_reason="部分腐烂",
                    refused_action="returned",
                )
            )
        return lines
    if supplier == "鑫鲜肉禽蛋配送中心":
        return [
            LineInput(
                "猪肉（前腿）",
                "meat",
                Decimal("15"),
                "kg",
                Decimal("26.00"),
                day,
                2,
                batch=f"R{day:%m%d}",
            ),
            LineInput(
                "鸡蛋",
                "eggs",
                Decimal("12"),
                "kg",
                Decimal("11.50"),
                day - dt.timedelta(days=2),
                30,
            ),
        ]
    if supplier == "光明乳业南京经销部":
        return [
            LineInput(
                "纯牛奶 200ml",
                "milk",
                Decimal("450"),
                "盒",
                Decimal("2.10"),
                day - dt.timedelta(days=3),
                45,
            )
        ]
    return [
        LineInput(
            "大米",
            "rice",
            Decimal("150"),
            "kg",
            Decimal("5.40"),
            day - dt.timedelta(days=20),
            365,
            specification="25kg/袋",
        ),
        LineInput(
            "菜籽油",
            "oil",
            Decimal("40"),
            "L",
            Decimal("14.50"),
            day - dt.timedelta(days=40),
            540,
            specification="5L/桶",
        ),
    ]


def _school_days(last: dt.date) -> list[dt.date]:
    days = [last - dt.timedelta(days=i) for i in range(30)]
    return sorted(day for day in days if day.weekday() < 5)


def _deliveries(school: School, users: dict[str, User], suppliers: dict[str, Supplier]) -> None:
    first, second = users["canteen1"], users["canteenmgr"]
    for day in _school_days(timezone.localdate()):
        wanted = ["绿源蔬菜配送", "鑫鲜肉禽蛋配送中心", "光明乳业南京经销部"]
        if day.weekday() == 0:
            wanted.append("红星粮油有限公司")
        for name in wanted:
            supplier = suppliers[name]
            if Delivery.objects.filter(school=school, date=day, supplier=supplier).exists():
                continue
            services.delivery_record(
                actor=first,
                date=day,
                supplier=supplier,
                acceptor=first,
                second_acceptor=second if supplier.is_bulk_food else None,
                lines=_lines(day, name),
            )


def _diners_and_income(school: School) -> None:
    today = timezone.localdate()
    for day in _school_days(today):
        for meal, students, staff in (("breakfast", 180, 8), ("lunch", 420 + day.day % 7, 35)):
            DinerCount.objects.get_or_create(
                school=school, day=day, meal=meal, defaults={"students": students, "staff": staff}
            )
    this_month = today.replace(day=1)
    for month in (add_months(this_month, -1), this_month):
        MealIncome.objects.get_or_create(
            school=school, month=month, defaults={"amount": Decimal("61800.00"), "notes": "伙食费"}
        )


def _disclosure(school: School, users: dict[str, User]) -> None:
    month = add_months(timezone.localdate().replace(day=1), -1)
    if CostDisclosure.objects.filter(school=school, month=month).exists():
        return
    draft = services.disclosure_draft(
        actor=users["canteenmgr"], month=month, notes="每月公示于食堂门口"
    )
    draft = services.disclosure_submit(disclosure=draft, actor=users["canteenmgr"])
    services.disclosure_approve(disclosure=draft, actor=users["principal"])


def seed() -> None:
    school = School.objects.filter(code="hongxing").first()
    if school is None:
        return
    users = {u.username: u for u in User.objects.filter(school=school)}
    if not {"canteen1", "canteenmgr", "principal"} <= set(users):
        return
    with transaction.atomic():
        suppliers = _suppliers(school)
        _deliveries(school, users, suppliers)
        _diners_and_income(school)
        _disclosure(school, users)
