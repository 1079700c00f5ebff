"""Reads of the samples part: the meal just served, and the served dishes of a period (for the
metrics), grouped so that any number of schools costs the same queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from django.db.models import Exists, OuterRef
from django.utils import timezone

from canteen.choices import MenuStatus
from canteen.models import FoodSample, MenuEntry, ReadingPeriod
from canteen.selectors import ServedMeal, served_meals, settings_by_school
from core.calendar import SchoolCalendar


def current_period(now: dt.datetime | None = None) -> str:
    """The reading due now: the morning one before noon, then the afternoon one."""
    local = timezone.localtime(now or timezone.now())
    return ReadingPeriod.MORNING if local.hour < 12 else ReadingPeriod.AFTERNOON


def meals_of_day(school_id: int, day: dt.date) -> list[ServedMeal]:
    return served_meals([school_id], day)[school_id]


def meal_just_served(
    school_id: int,
    now: dt.datetime | None = None,
    *,
    day: dt.date | None = None,
    meal: str | None = None,
) -> tuple[ServedMeal | None, list[ServedMeal]]:
    """(the meal asked for or the last one served by now — else the day's first —, the day's
    meals): the phone page and the to-do read the same meal. `day`: an earlier day's meals
    (a sample recorded late), never a later one."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    meals = meals_of_day(school_id, min(day or today, today))
    if meal:
        return next((m for m in meals if m.meal == meal), None), meals
    served = [m for m in meals if m.served_at <= now]
    return (served[-1] if served else (meals[0] if meals else None)), meals


def served_dishes(
    school_ids: Sequence[int], first: dt.date, last: dt.date, now: dt.datetime | None = None
) -> tuple[Counter, Counter]:
    """({school: dishes served first..last}, {school: of those, dishes with a sample}): a dish
    counts once its meal was served (school day, meal the school serves, published menu) and
    its time has come. Four queries whatever the schools and days."""
    now = now or timezone.now()
    settings = settings_by_school(school_ids)
    calendars = SchoolCalendar.load_many(school_ids, first=first, last=last)
    sampled = FoodSample.objects.filter(
        school_id=OuterRef("school_id"),
        day=OuterRef("day"),
        meal=OuterRef("meal"),
        dish_id=OuterRef("dish_id"),
        archived_at__isnull=True,
    )
    rows = (
        MenuEntry.objects.filter(
            school_id__in=school_ids,
            day__gte=first,
            day__lte=last,
            menu__status=MenuStatus.PUBLISHED,
        )
        .annotate(sampled=Exists(sampled))
        .values_list("school_id", "day", "meal", "sampled")
    )
    served: Counter[int] = Counter()
    done: Counter[int] = Counter()
    zone = timezone.get_current_timezone()
    for school_id, day, meal, has_sample in rows.iterator(chunk_size=5000):
        rule = settings[school_id]
        if meal not in rule.meals() or not calendars[school_id].is_school_day(day):
            continue
        if dt.datetime.combine(day, rule.served_at(meal), tzinfo=zone) > now:
            continue
        served[school_id] += 1
        done[school_id] += bool(has_sample)
    return served, done
