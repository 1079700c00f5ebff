"""Factories of the menus part: dishes, menus in any status, a week's dishes."""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from canteen.choices import DishCategory, Meal, MenuStatus
from canteen.models import Dish, MenuEntry, WeeklyMenu
from tests.factories import SchoolFactory

_WEEKS = itertools.count(1)


def a_monday(offset_weeks: int = 0) -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.isoweekday() - 1) + dt.timedelta(weeks=offset_weeks)


class DishFactory(DjangoModelFactory):
    class Meta:
        model = Dish

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"番茄炒蛋{n}")
    category = DishCategory.VEGETABLE
    main_ingredients = "番茄、鸡蛋"


class WeeklyMenuFactory(DjangoModelFactory):
    class Meta:
        model = WeeklyMenu

    school = factory.SubFactory(SchoolFactory)
    # Far weeks, one per menu, so menus of one school never share a week.
    week_start = factory.LazyFunction(lambda: a_monday(100 + next(_WEEKS)))
    status = MenuStatus.DRAFT


def menu_with_dishes(school, *, status=MenuStatus.DRAFT, week_start=None, **fields) -> WeeklyMenu:
    """A menu with a lunch dish on Monday (submittable), set to `status`."""
    menu = WeeklyMenuFactory(school=school, **({"week_start": week_start} if week_start else {}))
    MenuEntry.objects.create(
        school=school,
        menu=menu,
        day=menu.week_start,
        meal=Meal.LUNCH,
        dish=DishFactory(school=school),
    )
    if status == MenuStatus.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    WeeklyMenu.objects.filter(pk=menu.pk).update(status=status, **fields)
    return WeeklyMenu.objects.get(pk=menu.pk)
