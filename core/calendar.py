"""The school calendar: which days are working days, and working time between moments.

One home for every module that counts time the way a school does (repair SLA, safety rounds,
statistics):

- a **working day** is a Monday–Friday that no holiday covers, or a Saturday/Sunday entered as a
  make-up working day (调休上班); the office works between terms unless a holiday says otherwise;
- a **school day** is a working day inside a term (every working day when no term is recorded):
  inspection rounds that do not run in holidays run on school days;
- **working time** is the working day's hours (08:00–17:00 unless the caller passes its
  school's own).

A calendar is loaded once for a window of dates (two queries: entries and terms) and answers from
memory; a "position" is the number of working seconds since the window's first day, so each
question is a lookup and a bisection, not a walk over days. A calendar never raises on odd data:
a moment beyond the window, or a window without any working time (a holiday covering a whole
year), falls back to counting wall-clock time and logs a warning.
"""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.utils import timezone

from core.choices import HolidayKind
from core.models import Holiday, Term

logger = logging.getLogger(__name__)

# How far around a moment a calendar is loaded for due times and warnings: more than a year, so
# that even the longest holiday (MAX_HOLIDAY_DAYS) followed by SLA days stays inside the window.
WINDOW_DAYS = 400


@dataclass(frozen=True)
class WorkingHours:
    start: dt.time = dt.time(8, 0)
    end: dt.time = dt.time(17, 0)

    @property
    def seconds(self) -> float:
        day = dt.date(2000, 1, 3)
        return (dt.datetime.combine(day, self.end) - dt.datetime.combine(day, self.start)).seconds


DEFAULT_HOURS = WorkingHours()


class SchoolCalendar:
    """One school's calendar over the dates first..last (inclusive); built by `load`/`load_many`."""

    def __init__(
        self,
        *,
        first: dt.date,
        last: dt.date,
        days_off: Iterable[tuple[dt.date, dt.date]] = (),
        make_up_days: Iterable[tuple[dt.date, dt.date]] = (),
        terms: Iterable[tuple[dt.date, dt.date]] = (),
        hours: WorkingHours = DEFAULT_HOURS,
    ) -> None:
        self.first, self.last, self.hours = first, last, hours
        self.days_off = _days_in(days_off, first, last)
        self.make_up_days = _days_in(make_up_days, first, last)
        self.terms = sorted(terms)

    # ---- loading ----
    @classmethod
    def load(
        cls, school_id: int, *, first: dt.date, last: dt.date, hours: WorkingHours | None = None
    ) -> SchoolCalendar:
        """The calendar of one school for first..last: two queries."""
        hours_by_school = {school_id: hours} if hours else None
        return cls.load_many([school_id], first=first, last=last, hours=hours_by_school)[school_id]

    @classmethod
    def around(
        cls, school_id: int, moment: dt.datetime, *, hours: WorkingHours | None = None
    ) -> SchoolCalendar:
        """A calendar wide enough for due times and warnings computed from `moment`."""
        day = timezone.localtime(moment).date()
        window = dt.timedelta(days=WINDOW_DAYS)
        return cls.load(school_id, first=day - window, last=day + window, hours=hours)

    @classmethod
    def load_many(
        cls,
        school_ids: Iterable[int],
        *,
        first: dt.date,
        last: dt.date,
        hours: dict[int, WorkingHours] | None = None,
        models: tuple[Any, Any] | None = None,
    ) -> dict[int, SchoolCalendar]:
        """Calendars of several schools for first..last: two queries whatever their number.

        `models`: (Holiday, Term) of a data migration's historical app registry, if not the
        current ones."""
        holiday, term = models or (Holiday, Term)
        ids = set(school_ids)
        spans: dict[int, dict[str, list]] = {pk: {"off": [], "on": [], "terms": []} for pk in ids}
        entries = holiday.objects.filter(school_id__in=ids, start__lte=last, end__gte=first)
        for school_id, kind, start, end in entries.values_list("school_id", "kind", "start", "end"):
            spans[school_id]["on" if kind == HolidayKind.MAKE_UP else "off"].append((start, end))
        for school_id, start, end in term.objects.filter(school_id__in=ids).values_list(
            "school_id", "start", "end"
        ):
            spans[school_id]["terms"].append((start, end))
        hours = hours or {}
        return {
            pk: cls(
                first=first,
                last=last,
                days_off=found["off"],
                make_up_days=found["on"],
                terms=found["terms"],
                hours=hours.get(pk) or DEFAULT_HOURS,
            )
            for pk, found in spans.items()
        }

    # ---- days ----
    def is_working_day(self, day: dt.date) -> bool:
        """Monday–Friday outside a holiday, or a make-up working day (调休)."""
        if day in self.make_up_days:
            return True
        return day.weekday() < 5 and day not in self.days_off

    def in_term(self, day: dt.date) -> bool:
        # Without any term recorded, every working day counts as a school day.
        return not self.terms or any(start <= day <= end for start, end in self.terms)

    def is_school_day(self, day: dt.date) -> bool:
        """A working day inside a term: the days rounds that skip holidays run on."""
        return self.is_working_day(day) and self.in_term(day)

    # ---- working time ----
    def add_working_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        """The moment `hours` working hours after `start` (a due time)."""
        target = self._position(start) + hours * 3600
        found = self._moment_at(target)
        if found is None:
            return self._fallback(start + dt.timedelta(hours=hours), "add", start)
        return max(found, start)

    def subtract_working_hours(self, due: dt.datetime, hours: float) -> dt.datetime:
        """The moment `hours` working hours before `due` (when to warn of a breach): due Monday
        09:00 minus 2 hours is Friday 16:00 with the default hours."""
        target = self._position(due) - hours * 3600
        found = self._moment_at(target) if target > 0 else None
        if found is None:
            return self._fallback(due - dt.timedelta(hours=hours), "subtract", due)
        return min(found, due)

    def working_hours_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working hours from `start` to `end` (0 when `end` is not after `start`)."""
        if end <= start:
            return 0.0
        if not (self._inside(start) and self._inside(end)):
            self._fallback(end, "between", start)
            return (end - start).total_seconds() / 3600
        return (self._position(end) - self._position(start)) / 3600

    def end_of_working_day(self, moment: dt.datetime, days: int) -> dt.datetime:
        """The end of the working day `days` working days after the one `moment` counts in (0:
        the same day; a moment after hours or on a day off counts in the next working day)."""
        local = timezone.localtime(moment)
        day = local.date()
        index = bisect.bisect_left(self._working_days, day)
        working = index < len(self._working_days) and self._working_days[index] == day
        if working and local.time() >= self.hours.end:
            index += 1  # after hours: the day counted in is the next working day
        index += days
        if not self._inside(moment) or index >= len(self._working_days):
            # Calendar days instead: the end of the working hours `days` days on, never in the past.
            fallback = self._at(day + dt.timedelta(days=days), self.hours.end)
            if fallback <= moment:
                fallback += dt.timedelta(days=1)
            return self._fallback(fallback, "end_of_day", moment)
        return self._at(self._working_days[index], self.hours.end)

    # ---- the position machinery ----
    @cached_property
    def _days(self) -> int:
        return (self.last - self.first).days + 1

    @cached_property
    def _working_days(self) -> list[dt.date]:
        return [
            day
            for day in (self.first + dt.timedelta(days=i) for i in range(self._days))
            if self.is_working_day(day)
        ]

    @cached_property
    def _cumulative(self) -> list[float]:
        """_cumulative[i]: working seconds from the window's first day to the start of day i."""
        total, values = 0.0, [0.0]
        length = self.hours.seconds
        for i in range(self._days):
            total += length if self.is_working_day(self.first + dt.timedelta(days=i)) else 0
            values.append(total)
        return values

    def _inside(self, moment: dt.datetime) -> bool:
        return self.first <= timezone.localtime(moment).date() <= self.last

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, time))

    def _position(self, moment: dt.datetime) -> float:
        local = timezone.localtime(moment)
        day = local.date()
        if day < self.first:
            return 0.0
        if day > self.last:
            return self._cumulative[-1]
        index = (day - self.first).days
        within = 0.0
        if self.is_working_day(day):
            opened = self._at(day, self.hours.start)
            within = min(max((local - opened).total_seconds(), 0.0), self.hours.seconds)
        return self._cumulative[index] + within

    def _moment_at(self, position: float) -> dt.datetime | None:
        """The earliest moment at which `position` working seconds are reached, None when the
        window has no such moment."""
        if position <= 0 or position > self._cumulative[-1]:
            return None
        index = bisect.bisect_left(self._cumulative, position) - 1  # the day it is reached in
        day = self.first + dt.timedelta(days=index)
        offset = dt.timedelta(seconds=position - self._cumulative[index])
        return self._at(day, self.hours.start) + offset

    def _fallback(self, value: dt.datetime, what: str, moment: dt.datetime) -> dt.datetime:
        # Never fail the user's request over the calendar's data: count wall-clock time and say so.
        logger.warning(
            "School calendar %s..%s has no working time for %s from %s: wall-clock time used.",
            self.first,
            self.last,
            what,
            moment,
        )
        return value


def _days_in(spans: Iterable[tuple[dt.date, dt.date]], first: dt.date, last: dt.date) -> set:
    """Every date of the spans that falls inside first..last (the spans are at most
    MAX_HOLIDAY_DAYS long, so this set stays small)."""
    days: set[dt.date] = set()
    for start, end in spans:
        day, stop = max(start, first), min(end, last)
        while day <= stop:
            days.add(day)
            day += dt.timedelta(days=1)
    return days
