"""Reads of the menus part: a week's grid (days × meals × dishes), the published weeks a school
shows the public, and the menus section of the inspector's PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from canteen import inspection
from canteen.choices import Meal, MenuStatus
from canteen.models import MenuEntry, WeeklyMenu
from canteen.selectors import settings_by_school
from core.models import School


@dataclass
class GridMeal:
    meal: str
    label: str
    entries: list[MenuEntry] = field(default_factory=list)
    key: str = ""  # "2026-12-07-lunch": the slot's anchor and its add form's error


@dataclass
class GridDay:
    day: dt.date
    weekday: str
    meals: list[GridMeal]

    @property
    def empty(self) -> bool:
        return not any(m.entries for m in self.meals)


@dataclass
class Week:
    menu: WeeklyMenu
    days: list[GridDay]


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.isoweekday() - 1)


def weeks(
    menus: Sequence[WeeklyMenu], *, first: dt.date | None = None, last: dt.date | None = None
) -> list[Week]:
    """The grids of several menus from one query of their dishes (days limited to first..last)."""
    by_menu: dict[int, list[MenuEntry]] = {m.pk: [] for m in menus}
    rows = MenuEntry.objects.filter(menu__in=[m.pk for m in menus]).select_related("dish")
    for entry in rows.order_by("day", "dish__category", "dish__name", "pk"):
        by_menu[entry.menu_id].append(entry)
    served = settings_by_school({m.school_id for m in menus})
    result = []
    for menu in menus:
        entries = by_menu[menu.pk]
        meals = [
            m
            for m in Meal.values
            if m in served[menu.school_id].meals() or any(e.meal == m for e in entries)
        ]
        days = [
            GridDay(
                day=day,
                weekday=formats.date_format(day, "l"),
                meals=[
                    GridMeal(
                        meal,
                        str(Meal(meal).label),
                        [e for e in entries if e.day == day and e.meal == meal],
                        key=f"{day:%Y-%m-%d}-{meal}",
                    )
                    for meal in meals
                ],
            )
            for day in menu.days
            if (first is None or day >= first) and (last is None or day <= last)
        ]
        result.append(Week(menu=menu, days=days))
    return result


def week_grid(menu: WeeklyMenu) -> list[GridDay]:
    return weeks([menu])[0].days


def public_weeks(school: School, today: dt.date | None = None) -> list[Week]:
    """This week's and next week's published menus of the school, nothing else: three queries."""
    monday = monday_of(today or timezone.localdate())
    menus = list(
        WeeklyMenu.objects.filter(
            school=school,
            status=MenuStatus.PUBLISHED,
            week_start__in=[monday, monday + dt.timedelta(days=7)],
        ).order_by("week_start")
    )
    return weeks(menus) if menus else []


def _menus_section(school: School, month: dt.date) -> dict:
    first, last = inspection.month_bounds(month)
    menus = list(
        WeeklyMenu.objects.filter(
            school=school,
            status=MenuStatus.PUBLISHED,
            week_start__gte=first - dt.timedelta(days=6),
            week_start__lte=last,
        )
        .select_related("approved_by", "submitted_by")
        .order_by("week_start")
    )
    return {"weeks": weeks(menus, first=first, last=last) if menus else []}


inspection.register(
    inspection.Section(
        key="menus",
        title=_("Weekly menus (published)"),
        order=10,
        template="canteen/pdf/inspection_menus.html",
        context=_menus_section,
    )
)
