"""Demo data of the samples part (called from canteen/demo.py, idempotent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from canteen.choices import DishCategory, Meal, MenuStatus
from canteen.models import (
    SAMPLE_KEEP_HOURS,
    Dish,
    FoodSample,
    FridgeTemperature,
    MenuEntry,
    SampleFridge,
    WeeklyMenu,
)
from canteen.selectors import served_meals
from core.calendar import SchoolCalendar
from core.models import Room, School, User

MENU = {
    Meal.BREAKFAST: [("馒头", DishCategory.STAPLE, "面粉"), ("豆浆", DishCategory.DRINK, "黄豆")],
    Meal.LUNCH: [
        ("米饭", DishCategory.STAPLE, "大米"),
        ("番茄炒蛋", DishCategory.VEGETABLE, "番茄、鸡蛋"),
        ("红烧鸡块", DishCategory.MEAT, "鸡肉、土豆"),
        ("紫菜蛋花汤", DishCategory.SOUP, "紫菜、鸡蛋"),
    ],
}
DAYS = 4


def seed() -> None:
    school = School.objects.filter(code="hongxing").first()
    staff = User.objects.filter(username="canteen1").first()
    if school is None or staff is None:
        return
    fridges = _fridges(school)
    for day in _past_school_days(school):
        _menu_of(school, day)
        for meal in served_meals([school.pk], day)[school.pk]:
            _samples(school, staff, fridges[0], meal, day)
        _readings(school, staff, fridges[0], day)


def _fridges(school: School) -> list[SampleFridge]:
    room = (
        Room.objects.filter(school=school, name__contains="食堂").first()
        or Room.objects.filter(school=school).order_by("pk").first()
    )
    return [
        SampleFridge.objects.get_or_create(
            school=school, number=number, defaults={"name": name, "room": room}
        )[0]
        for number, name in (("LY-01", "留样冰箱（主）"), ("LY-02", "留样冰箱（备用）"))
    ]


def _past_school_days(school: School) -> list[dt.date]:
    today = timezone.localdate()
    calendar = SchoolCalendar.load(school.pk, first=today - dt.timedelta(days=21), last=today)
    days: list[dt.date] = []
    day = today - dt.timedelta(days=1)
    while len(days) < DAYS and day > today - dt.timedelta(days=21):
        if calendar.is_school_day(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    return sorted(days)


def _menu_of(school: School, day: dt.date) -> None:
    """A published menu for the day when the menus part's demo left it empty."""
    menu, _created = WeeklyMenu.objects.get_or_create(
        school=school,
        week_start=day - dt.timedelta(days=day.weekday()),
        defaults={"status": MenuStatus.PUBLISHED, "notes": "演示"},
    )
    if menu.status != MenuStatus.PUBLISHED or menu.entries.filter(day=day).exists():
        return
    for meal, dishes in MENU.items():
        for name, category, ingredients in dishes:
            dish, _created = Dish.objects.get_or_create(
                school=school,
                name=name,
                defaults={"category": category, "main_ingredients": ingredients},
            )
            MenuEntry.objects.get_or_create(school=school, menu=menu, day=day, meal=meal, dish=dish)


def _samples(school, staff, fridge, meal, day: dt.date) -> None:
    oldest = day == _past_school_days(school)[0]
    for index, (dish_id, _name) in enumerate(meal.dishes):
        if oldest and meal.meal == Meal.LUNCH and index == 1:
            continue  # forgotten: the check flags it
        taken = meal.served_at + dt.timedelta(minutes=5 + index)
        kept = timezone.now() - taken >= dt.timedelta(hours=SAMPLE_KEEP_HOURS + 6)
        # One sample of the oldest day is still in the refrigerator: not disposed in time.
        disposed = kept and not (oldest and index == 0)
        FoodSample.objects.get_or_create(
            school=school,
            day=day,
            meal=meal.meal,
            dish_id=dish_id,
            defaults={
                "weight_grams": 110 if (oldest and index == 2) else 150 + 5 * index,
                "min_grams": 125,
                "taken_at": taken,
                "sampler": staff,
                "fridge": fridge,
                "disposed_at": taken + dt.timedelta(hours=SAMPLE_KEEP_HOURS + 2)
                if disposed
                else None,
                "disposed_by": staff if disposed else None,
            },
        )


def _readings(school, staff, fridge, day: dt.date) -> None:
    zone = timezone.get_current_timezone()
    for period, hour, celsius in (("morning", 8, "3.5"), ("afternoon", 15, "4.0")):
        warm = day == _past_school_days(school)[-1] and period == "afternoon"
        FridgeTemperature.objects.get_or_create(
            fridge=fridge,
            day=day,
            period=period,
            defaults={
                "school": school,
                "celsius": Decimal("9.2" if warm else celsius),
                "recorded_by": staff,
                "recorded_at": dt.datetime.combine(day, dt.time(hour, 5), tzinfo=zone),
                "note": "冰箱门未关严，已调整" if warm else "",
            },
        )
