"""Demo hygiene records of 红星实验小学 (idempotent: natural keys, get_or_create)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from canteen.models import (
    AccompaniedMeal,
    DisinfectionBatch,
    DisinfectionMethod,
    HealthCertificate,
    MorningCheck,
    StaffMember,
)
from canteen.models.hygiene import MealCompanion, UnfitAction, UnfitReason
from canteen.services import hygiene as services
from core.models import Room, School, User

# name, job, login, certificate issued (days before today); None: no certificate
STAFF = [
    ("孙丽", "厨师长", "canteen1", 200),
    ("钱建军", "厨师", None, 120),
    ("吴小梅", "帮厨", None, 350),  # expires within 30 days
    ("郑大勇", "洗碗消毒", None, 400),  # expired: cannot pass the morning check
]


def seed_hygiene() -> None:
    school = School.objects.filter(code="hongxing").first()
    if school is None:
        return
    users = {u.username: u for u in User.objects.filter(school=school)}
    today = timezone.localdate()
    with transaction.atomic():
        services.default_methods_ensure(school_id=school.pk)
        staff = _seed_staff(school, users, today)
        _seed_checks(school, staff, users, today)
        _seed_disinfection(school, staff, users, today)
        _seed_meals(school, users, today)
        kitchen = Room.objects.filter(school=school, name="操作间").first()
        if kitchen is not None and "director" in users:
            services.checklists_install(school=school, actor=users["director"], room=kitchen)
    from safety.generation import rounds_generate

    rounds_generate(school_ids=[school.pk])


def _seed_staff(school, users, today) -> list[StaffMember]:
    found = []
    for n, (name, job, login, issued_days) in enumerate(STAFF, start=1):
        person, _ = StaffMember.objects.get_or_create(
            school=school, name=name, defaults={"job": job, "user": users.get(login or "")}
        )
        found.append(person)
        if issued_days is not None:
            HealthCertificate.objects.get_or_create(
                school=school,
                number=f"HX-JKZ-2026-{n:03d}",
                defaults={"staff": person, "issued_on": today - dt.timedelta(days=issued_days)},
            )
    return found


def _seed_checks(school, staff, users, today) -> None:
    yesterday = today - dt.timedelta(days=1)
    checker = users.get("canteen1")
    for person in staff[:2]:
        MorningCheck.objects.get_or_create(
            school=school,
            staff=person,
            day=yesterday,
            defaults={"fit": True, "checked_by": checker},
        )
    MorningCheck.objects.get_or_create(
        school=school,
        staff=staff[3],
        day=yesterday,
        defaults={
            "fit": False,
            "reason": UnfitReason.SKIN,
            "action": UnfitAction.MOVED,
            "note": "手部划伤，调离接触直接入口食品岗位",
            "checked_by": checker,
        },
    )


def _seed_disinfection(school, staff, users, today) -> None:
    if DisinfectionBatch.objects.filter(school=school).exists():
        return
    methods = {m.name: m for m in DisinfectionMethod.objects.filter(school=school)}
    cabinet, washer = methods.get("红外线消毒柜"), methods.get("洗碗机消毒")
    if cabinet is None or washer is None:
        return
    yesterday = today - dt.timedelta(days=1)
    recorder = users.get("canteen1")
    rows = [
        (yesterday, "breakfast", washer, Decimal("86"), 0, 45),
        (yesterday, "lunch", cabinet, Decimal("125"), 15, 0),
    ]
    for day, meal, method, temp, minutes, seconds in rows:
        batch = DisinfectionBatch(
            school=school,
            day=day,
            meal=meal,
            method=method,
            temperature_c=temp,
            minutes=minutes,
            seconds=seconds,
            operator=staff[3],
        )
        services.disinfection_save(batch=batch, actor=recorder)
    low = services.disinfection_save(
        batch=DisinfectionBatch(
            school=school,
            day=yesterday,
            meal="lunch",
            method=washer,
            temperature_c=Decimal("78"),
            seconds=40,
            operator=staff[3],
        ),
        actor=recorder,
    )
    services.disinfection_save(
        batch=DisinfectionBatch(
            school=school,
            day=yesterday,
            meal="lunch",
            method=cabinet,
            temperature_c=Decimal("120"),
            minutes=20,
            operator=staff[3],
            fixes=low,
        ),
        actor=recorder,
    )


def _seed_meals(school, users, today) -> None:
    principal = users.get("principal")
    if principal is None:
        return
    yesterday = today - dt.timedelta(days=1)
    AccompaniedMeal.objects.get_or_create(
        school=school,
        day=yesterday,
        meal="lunch",
        kind=MealCompanion.LEADER,
        defaults={
            "leader": principal,
            "taste": "咸淡适中",
            "hygiene": "餐具干净，餐厅整洁",
            "portion": "分量足",
            "problems": "青菜略老，部分学生剩菜较多",
        },
    )
    AccompaniedMeal.objects.get_or_create(
        school=school,
        day=yesterday,
        meal="lunch",
        kind=MealCompanion.PARENT,
        defaults={
            "parent_name": "林晓燕（三(2)班家长）",
            "taste": "孩子反映好吃",
            "portion": "适中",
        },
    )
