"""Reads of the canteen module: which meals a school serves on a day, with their dishes.

A meal is *served* on a day when the school serves that meal (its settings), the day is a school
day (core's one calendar: terms, holidays, 调休) and the week's published menu lists dishes for it.
Every check that asks "was this meal served?" (samples, disinfection, 陪餐) reads it from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from canteen.choices import Meal, MenuStatus
from canteen.models import CanteenSettings, MenuEntry
from core.calendar import SchoolCalendar


@dataclass(frozen=True)
class ServedMeal:
    school_id: int
    day: dt.date
    meal: str
    served_at: dt.datetime  # aware, school time
    dishes: tuple[tuple[int, str], ...] = field(default=())  # (dish id, name)

    @property
    def meal_label(self) -> str:
        return str(Meal(self.meal).label)


def canteen_settings(school_id: int) -> CanteenSettings:
    """The school's canteen settings, created with the defaults on first use."""
    found, _created = CanteenSettings.objects.get_or_create(school_id=school_id)
    return found


def settings_by_school(school_ids: Iterable[int]) -> dict[int, CanteenSettings]:
    """Settings of many schools in one query; a school without a row gets the defaults (unsaved)."""
    ids = set(school_ids)
    found = {s.school_id: s for s in CanteenSettings.objects.filter(school_id__in=ids)}
    return {pk: found.get(pk) or CanteenSettings(school_id=pk) for pk in ids}


def published_entries(ids: Iterable[int], first: dt.date, last: dt.date):
    """The dishes on the published menus of those days: what a served meal is made of."""
    return MenuEntry.objects.filter(
        school_id__in=ids, day__gte=first, day__lte=last, menu__status=MenuStatus.PUBLISHED
    )


def is_served(calendar: SchoolCalendar, settings: CanteenSettings, day: dt.date, meal: str) -> bool:
    """The one rule of a served meal, beside its dishes on the published menu: a school day and
    a meal the school serves."""
    return calendar.is_school_day(day) and meal in settings.meals()


def served_meals(school_ids: Iterable[int], day: dt.date) -> dict[int, list[ServedMeal]]:
    """The meals each school serves on `day` with their dishes: four queries for any number."""
    ids = set(school_ids)
    settings = settings_by_school(ids)
    calendars = SchoolCalendar.load_many(ids, first=day, last=day)
    dishes: dict[tuple[int, str], list[tuple[int, str]]] = {}
    entries = published_entries(ids, day, day).order_by("meal", "dish__category", "dish__name")
    for school_id, meal, dish_id, name in entries.values_list(
        "school_id", "meal", "dish_id", "dish__name"
    ):
        dishes.setdefault((school_id, meal), []).append((dish_id, name))
    result: dict[int, list[ServedMeal]] = {pk: [] for pk in ids}
    for pk in ids:
        for meal in settings[pk].meals():
            listed = dishes.get((pk, meal))
            if listed and is_served(calendars[pk], settings[pk], day, meal):
                at = dt.datetime.combine(day, settings[pk].served_at(meal))
                result[pk].append(
                    ServedMeal(
                        school_id=pk,
                        day=day,
                        meal=meal,
                        served_at=timezone.make_aware(at),
                        dishes=tuple(listed),
                    )
                )
    return result


def served_meal_keys(
    school_ids: Iterable[int], first: dt.date, last: dt.date, *, flag=None
) -> dict[tuple[int, dt.date, str], bool]:
    """(school, day, meal) of every meal served from `first` to `last` (served_meals' rule over a
    range, in four queries, for the metrics). Each key maps to `flag` (an Exists over the meal's
    record, read in the same query) or True."""
    from django.db.models import Value

    ids = set(school_ids)
    if not ids or last < first:
        return {}
    settings = settings_by_school(ids)
    calendars = SchoolCalendar.load_many(ids, first=first, last=last)
    listed = (
        published_entries(ids, first, last)
        .annotate(flag=flag if flag is not None else Value(True))
        .values_list("school_id", "day", "meal", "flag")
        .distinct()
    )
    return {
        (school_id, day, meal): bool(flagged)
        for school_id, day, meal, flagged in listed
        if is_served(calendars[school_id], settings[school_id], day, meal)
    }
