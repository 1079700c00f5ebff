"""The food-sample check (the Celery beat every few minutes runs it): one flag row per problem,
the canteen managers and the director told once, the robots told once.

What it flags, for every school at once:
- a meal served (canteen.selectors.served_meals) `sample_check_after_minutes` ago or more with a
  dish that has no sample, or an underweight sample;
- a sample still not disposed DISPOSAL_MARGIN_HOURS after its 48 hours;
- on a day the school served a meal, or the refrigerator held samples (kept 48 hours, so over a
  weekend too): an active sample refrigerator without its morning reading after MORNING_DUE, or
  its afternoon reading after AFTERNOON_DUE, and every reading outside 0–8 °C.

The reads are grouped (served meals, samples, fridges, readings, open samples: a fixed number of
queries for any number of schools and dishes); only the notifications cost a few queries per
school that has new flags. A flag's `key` is unique per school, so a second run, a second beat or
a redelivered task (acks_late) inserts nothing; flags are claimed for notification with a row
lock that skips rows another worker holds, so nobody is told twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from canteen.models import (
    SAMPLE_KEEP_HOURS,
    FoodSample,
    FridgeTemperature,
    ReadingPeriod,
    SampleFlag,
    SampleFlagKind,
    SampleFridge,
)
from canteen.models.samples import DISPOSAL_MARGIN_HOURS
from canteen.selectors import ServedMeal, served_meals, settings_by_school
from core import robots, services
from core.choices import Role
from core.models import School, User

ROBOT_EVENT = "food_sample_missing"
MORNING_DUE = dt.time(12, 0)
AFTERNOON_DUE = dt.time(18, 0)
NOTICE_LINES = 10
TOLD_ROLES = (Role.CANTEEN_MANAGER, Role.DIRECTOR)


@dataclass
class _Found:
    flags: list[SampleFlag]

    def add(self, school_id: int, kind: str, key: str, day: dt.date, detail: str, **rest) -> None:
        self.flags.append(
            SampleFlag(
                school_id=school_id, kind=kind, key=key, day=day, detail=detail[:200], **rest
            )
        )


def samples_check(
    *, now: dt.datetime | None = None, school_ids: Iterable[int] | None = None
) -> int:
    """Flag what is missing or wrong, then tell people of the new flags. Returns the new flags."""
    now = now or timezone.now()
    ids = (
        sorted(school_ids)
        if school_ids is not None
        else list(School.objects.order_by("pk").values_list("pk", flat=True))
    )
    today = timezone.localtime(now).date()
    found = _Found([])
    served_days: dict[int, set[dt.date]] = defaultdict(set)
    for day in (today - dt.timedelta(days=1), today):
        meals = served_meals(ids, day)
        for school_id, listed in meals.items():
            if listed:
                served_days[school_id].add(day)
        _check_meals(found, meals, day, now)
    _check_disposal(found, ids, now)
    _check_readings(found, served_days, ids, [today - dt.timedelta(days=1), today], now)
    created = _store(found.flags, ids)
    notify_new_flags(school_ids=ids)
    return created


def _store(flags: list[SampleFlag], school_ids: Sequence[int]) -> int:
    """Insert the flags not stored yet (one read of the stored keys since the oldest problem
    found, so a run that finds nothing new inserts nothing); the unique key makes a concurrent
    run's insert of the same problem a no-op. Returns how many were new to this run."""
    if not flags:
        return 0
    oldest = min(flag.day for flag in flags)
    stored = set(
        SampleFlag.objects.filter(school_id__in=school_ids, day__gte=oldest).values_list(
            "school_id", "key"
        )
    )
    new = [flag for flag in flags if (flag.school_id, flag.key) not in stored]
    SampleFlag.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return len(new)


def _check_meals(
    found: _Found, meals: dict[int, list[ServedMeal]], day: dt.date, now: dt.datetime
) -> None:
    settings = settings_by_school(meals)
    due = [
        meal
        for school_id, listed in meals.items()
        for meal in listed
        if meal.served_at + dt.timedelta(minutes=settings[school_id].sample_check_after_minutes)
        <= now
    ]
    if not due:
        return
    taken: dict[tuple[int, str, int], tuple[int, bool, int, int]] = {}
    rows = FoodSample.objects.filter(
        school_id__in={m.school_id for m in due}, day=day, archived_at__isnull=True
    ).values_list("school_id", "meal", "dish_id", "pk", "underweight", "weight_grams", "min_grams")
    for school_id, meal, dish_id, pk, under, grams, minimum in rows:
        taken[(school_id, meal, dish_id)] = (pk, under, grams, minimum)
    for meal in due:
        for dish_id, name in meal.dishes:
            _check_dish(found, meal, dish_id, name, taken.get((meal.school_id, meal.meal, dish_id)))


def _check_dish(found: _Found, meal: ServedMeal, dish_id: int, name: str, sample) -> None:
    where = f"{meal.day.isoformat()} {meal.meal_label} {name}"
    if sample is None:
        found.add(
            meal.school_id,
            SampleFlagKind.MISSING,
            f"missing:{meal.day.isoformat()}:{meal.meal}:{dish_id}",
            meal.day,
            _("%(where)s: no sample") % {"where": where},
            meal=meal.meal,
            dish_id=dish_id,
        )
        return
    pk, under, grams, minimum = sample
    if under:
        found.add(
            meal.school_id,
            SampleFlagKind.UNDERWEIGHT,
            f"underweight:{pk}",
            meal.day,
            _("%(where)s: %(grams)s g, under %(minimum)s g")
            % {"where": where, "grams": grams, "minimum": minimum},
            meal=meal.meal,
            dish_id=dish_id,
            sample_id=pk,
        )


def _check_disposal(found: _Found, school_ids: Sequence[int], now: dt.datetime) -> None:
    late = now - dt.timedelta(hours=SAMPLE_KEEP_HOURS + DISPOSAL_MARGIN_HOURS)
    rows = FoodSample.objects.filter(
        school_id__in=school_ids,
        disposed_at__isnull=True,
        archived_at__isnull=True,
        taken_at__lt=late,
    ).values_list("school_id", "pk", "day", "meal", "dish_id", "dish__name")
    for school_id, pk, day, meal, dish_id, name in rows.iterator(chunk_size=2000):
        found.add(
            school_id,
            SampleFlagKind.NOT_DISPOSED,
            f"not_disposed:{pk}",
            day,
            _("%(day)s %(dish)s: kept past %(hours)s hours, not disposed")
            % {"day": day.isoformat(), "dish": name, "hours": SAMPLE_KEEP_HOURS},
            meal=meal,
            dish_id=dish_id,
            sample_id=pk,
        )


def _check_readings(
    found: _Found,
    served_days: dict[int, set[dt.date]],
    ids: Sequence[int],
    days: list[dt.date],
    now: dt.datetime,
) -> None:
    """Twice-daily readings are due for an active fridge on a day the school served a meal and on
    a day the fridge held samples (kept 48 hours: Friday's lunch samples over the weekend)."""
    holding = _holding_days(ids, days)
    fridges = list(
        SampleFridge.objects.filter(school_id__in=ids, active=True).values_list(
            "school_id", "pk", "number"
        )
    )
    due = {
        pk: served_days.get(school_id, set()) | holding.get(pk, set())
        for school_id, pk, _number in fridges
    }
    fridges = [f for f in fridges if due[f[1]]]
    if not fridges:
        return
    readings = FridgeTemperature.objects.filter(
        fridge__in=[pk for _s, pk, _n in fridges], day__in=days, archived_at__isnull=True
    ).values_list("pk", "fridge_id", "day", "period", "celsius", "out_of_range")
    info = {pk: (school_id, number) for school_id, pk, number in fridges}
    seen = set()
    for pk, fridge_id, day, period, celsius, out in readings:
        seen.add((fridge_id, day, period))
        if out:
            school_id, number = info[fridge_id]
            found.add(
                school_id,
                SampleFlagKind.READING_OUT_OF_RANGE,
                f"reading_out_of_range:{pk}",
                day,
                _("%(day)s refrigerator %(number)s: %(celsius)s °C, outside 0–8 °C")
                % {"day": day.isoformat(), "number": number, "celsius": celsius},
                fridge_id=fridge_id,
            )
    for school_id, fridge_id, number in fridges:
        for day in sorted(due[fridge_id]):
            for period in _periods_due(day, now):
                if (fridge_id, day, period) not in seen:
                    found.add(
                        school_id,
                        SampleFlagKind.READING_MISSING,
                        f"reading_missing:{fridge_id}:{day.isoformat()}:{period}",
                        day,
                        _("%(day)s refrigerator %(number)s: no %(period)s reading")
                        % {
                            "day": day.isoformat(),
                            "number": number,
                            "period": ReadingPeriod(period).label,
                        },
                        fridge_id=fridge_id,
                    )


def _holding_days(ids: Sequence[int], days: list[dt.date]) -> dict[int, set[dt.date]]:
    """{fridge: the days among `days` on which it held a sample not yet disposed} (one query)."""
    zone = timezone.get_current_timezone()
    starts = {day: dt.datetime.combine(day, dt.time(0), tzinfo=zone) for day in days}
    first, last = min(days), max(days)
    samples = FoodSample.objects.filter(
        school_id__in=ids,
        taken_at__lt=starts[last] + dt.timedelta(days=1),
    ).filter(Q(disposed_at__isnull=True) | Q(disposed_at__gte=starts[first]))
    holding: dict[int, set[dt.date]] = defaultdict(set)
    for fridge_id, taken_at, disposed_at in samples.values_list(
        "fridge_id", "taken_at", "disposed_at"
    ):
        for day, start in starts.items():
            if taken_at < start + dt.timedelta(days=1) and (
                disposed_at is None or disposed_at >= start
            ):
                holding[fridge_id].add(day)
    return holding


def _periods_due(day: dt.date, now: dt.datetime) -> list[str]:
    zone = timezone.get_current_timezone()
    due = {
        ReadingPeriod.MORNING: dt.datetime.combine(day, MORNING_DUE, tzinfo=zone),
        ReadingPeriod.AFTERNOON: dt.datetime.combine(day, AFTERNOON_DUE, tzinfo=zone),
    }
    return [period for period, at in due.items() if at <= now]


def notify_new_flags(*, school_ids: Sequence[int]) -> int:
    """Tell the managers and the director of each school (in-app + e-mail) and the robots of the
    flags nobody was told of yet, once: the rows are claimed under a lock that other workers
    skip, and marked in the same transaction. Returns the flags told of."""
    with transaction.atomic():
        flags = list(
            SampleFlag.objects.select_for_update(skip_locked=True)
            .filter(school_id__in=school_ids, notified_at__isnull=True)
            .order_by("school_id", "day", "kind", "pk")
        )
        if not flags:
            return 0
        by_school: dict[int, list[SampleFlag]] = defaultdict(list)
        for flag in flags:
            by_school[flag.school_id].append(flag)
        people = _recipients(list(by_school))
        schools = School.objects.in_bulk(list(by_school))
        for school_id, listed in by_school.items():
            _tell(schools[school_id], listed, people.get(school_id, []))
        SampleFlag.objects.filter(pk__in=[f.pk for f in flags]).update(notified_at=timezone.now())
    return len(flags)


def _recipients(school_ids: list[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    users = User.objects.filter(
        school_id__in=school_ids, is_active=True, user_roles__role__in=TOLD_ROLES
    ).distinct()
    for user in users:
        assert user.school_id is not None  # filtered by school
        found[user.school_id].append(user)
    return found


def _tell(school: School, flags: list[SampleFlag], people: list[User]) -> None:
    title = _("Food samples: %(n)s problems found") % {"n": len(flags)}
    lines = [f"- {flag.detail}" for flag in flags[:NOTICE_LINES]]
    if len(flags) > NOTICE_LINES:
        lines.append(_("and %(n)s more") % {"n": len(flags) - NOTICE_LINES})
    body = "\n".join(lines)
    days = sorted({flag.day for flag in flags})
    url = reverse("canteen:sampleflag_list") + f"?day_from={days[0].isoformat()}"
    if people:
        services.notify(recipients=people, school=school, title=title, body=body, url=url)
    robots.announce(
        school=school,
        event=ROBOT_EVENT,
        title=title,
        markdown=body,
        url=url,
        once_key=f"canteen-samples:{flags[0].pk}:{flags[-1].pk}",
    )
