"""Factories of the samples part. The menus part builds the menu editor; here a served meal is a
published WeeklyMenu with MenuEntry rows made directly (`served_meal`)."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from canteen.choices import DishCategory, Meal, MenuStatus
from canteen.models import (
    Dish,
    FoodSample,
    FridgeTemperature,
    MenuEntry,
    SampleFridge,
    WeeklyMenu,
)
from core.models import School
from tests.factories import SchoolFactory, UserFactory, room_of

SEQ = itertools.count(1)
DISHES = ["米饭", "番茄炒蛋", "红烧鸡块", "清炒菠菜", "紫菜蛋花汤", "馒头", "豆浆", "苹果"]
# A Tuesday in term (no term recorded: every working day is a school day).
TUESDAY = dt.date(2026, 11, 24)


class DishFactory(DjangoModelFactory):
    class Meta:
        model = Dish

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"菜品{n + 1}")
    category = DishCategory.VEGETABLE
    main_ingredients = "青菜"


class FridgeFactory(DjangoModelFactory):
    class Meta:
        model = SampleFridge

    school = factory.SubFactory(SchoolFactory)
    number = factory.Sequence(lambda n: f"LY-{n + 1:02d}")
    name = "留样冰箱"
    room = factory.LazyAttribute(lambda o: room_of(o.school))
    active = True


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def served_meal(
    school: School, day: dt.date = TUESDAY, meal: str = Meal.LUNCH, dishes: int = 3
) -> list[Dish]:
    """A published menu listing `dishes` dishes for that meal of that day; returns the dishes."""
    menu, _created = WeeklyMenu.objects.get_or_create(
        school=school, week_start=week_start(day), defaults={"status": MenuStatus.PUBLISHED}
    )
    found = []
    for index in range(dishes):
        name = DISHES[index % len(DISHES)] + ("" if index < len(DISHES) else str(index))
        dish, _created = Dish.objects.get_or_create(
            school=school,
            name=name,
            defaults={"category": DishCategory.VEGETABLE, "main_ingredients": "食材"},
        )
        MenuEntry.objects.get_or_create(school=school, menu=menu, day=day, meal=meal, dish=dish)
        found.append(dish)
    return found


def menu_dish(school: School, day: dt.date = TUESDAY, meal: str = Meal.LUNCH) -> Dish:
    """A new dish put on that meal's published menu."""
    menu, _created = WeeklyMenu.objects.get_or_create(
        school=school, week_start=week_start(day), defaults={"status": MenuStatus.PUBLISHED}
    )
    dish = DishFactory(school=school)
    MenuEntry.objects.create(school=school, menu=menu, day=day, meal=meal, dish=dish)
    return dish


class SampleFactory(DjangoModelFactory):
    class Meta:
        model = FoodSample

    school = factory.SubFactory(SchoolFactory)
    day = TUESDAY
    meal = Meal.LUNCH
    dish = factory.LazyAttribute(lambda o: menu_dish(o.school, o.day, o.meal))
    weight_grams = 150
    min_grams = 125
    taken_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(dt.datetime.combine(o.day, dt.time(12, 0)))
    )
    sampler = factory.LazyAttribute(lambda o: UserFactory(school=o.school))
    fridge = factory.LazyAttribute(lambda o: FridgeFactory(school=o.school))


class TemperatureFactory(DjangoModelFactory):
    class Meta:
        model = FridgeTemperature

    school = factory.SubFactory(SchoolFactory)
    fridge = factory.LazyAttribute(lambda o: FridgeFactory(school=o.school))
    day = factory.Sequence(lambda n: TUESDAY - dt.timedelta(days=n))
    period = "morning"
    celsius = "4.0"
    recorded_by = factory.LazyAttribute(lambda o: UserFactory(school=o.school))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))
