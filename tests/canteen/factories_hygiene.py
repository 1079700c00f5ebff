"""Factories of the hygiene part; menus are made directly (WeeklyMenu published + MenuEntry) to
get served meals, without the menu editor of the menus part."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from canteen.choices import DishCategory, MenuStatus
from canteen.models import (
    AccompaniedMeal,
    Dish,
    DisinfectionBatch,
    DisinfectionMethod,
    HealthCertificate,
    MenuEntry,
    MorningCheck,
    StaffMember,
    WeeklyMenu,
)
from canteen.services import hygiene as services
from core.models import Term
from tests.factories import SchoolFactory, TermFactory

SCHOOL_DAY = dt.date(2026, 11, 18)  # a Wednesday inside TermFactory's term


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = StaffMember

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"帮厨{n + 1}")
    job = "帮厨"


class CertificateFactory(DjangoModelFactory):
    class Meta:
        model = HealthCertificate

    school = factory.LazyAttribute(lambda c: c.staff.school)
    staff = factory.SubFactory(StaffFactory)
    number = factory.Sequence(lambda n: f"JKZ-{n + 1:05d}")
    issued_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))


def method_of(school, name: str = "红外线消毒柜") -> DisinfectionMethod:
    services.default_methods_ensure(school_id=school.pk)
    return DisinfectionMethod.objects.get(school=school, name=name)


class BatchFactory(DjangoModelFactory):
    class Meta:
        model = DisinfectionBatch

    school = factory.SubFactory(SchoolFactory)
    day = SCHOOL_DAY
    meal = "lunch"
    method = factory.LazyAttribute(lambda b: method_of(b.school))
    temperature_c = Decimal("125")
    minutes = 15
    operator = factory.LazyAttribute(lambda b: StaffFactory(school=b.school))


class CheckFactory(DjangoModelFactory):
    class Meta:
        model = MorningCheck

    school = factory.LazyAttribute(lambda c: c.staff.school)
    staff = factory.SubFactory(StaffFactory)
    day = factory.Sequence(lambda n: SCHOOL_DAY - dt.timedelta(days=n))
    fit = False
    reason = "fever"
    action = "sent_home"


class MealFactory(DjangoModelFactory):
    class Meta:
        model = AccompaniedMeal

    school = factory.SubFactory(SchoolFactory)
    day = SCHOOL_DAY
    meal = "lunch"
    kind = "parent"
    parent_name = "林晓燕"
    taste = "好"


def serve(school, day: dt.date = SCHOOL_DAY, meals=("breakfast", "lunch")) -> WeeklyMenu:
    """A term around `day` and a published menu with one dish per meal: the meals are served."""
    if not Term.objects.filter(school=school, start__lte=day, end__gte=day).exists():
        TermFactory(school=school, start=day - dt.timedelta(days=60), end=day + dt.timedelta(60))
    monday = day - dt.timedelta(days=day.weekday())
    menu, _ = WeeklyMenu.objects.get_or_create(
        school=school, week_start=monday, defaults={"status": MenuStatus.PUBLISHED}
    )
    dish, _ = Dish.objects.get_or_create(
        school=school,
        name="番茄炒蛋",
        defaults={"category": DishCategory.VEGETABLE, "main_ingredients": "番茄、鸡蛋"},
    )
    for meal in meals:
        MenuEntry.objects.get_or_create(school=school, menu=menu, day=day, meal=meal, dish=dish)
    return menu
