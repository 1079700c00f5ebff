"""When is a template due? Pure functions over a school's calendar (terms, holidays), no queries."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from safety.choices import Frequency, TermPoint

# A round is looked for at most this far ahead when a school day is needed (monthly, term points).
LOOKAHEAD_DAYS = 14


@dataclass
class SchoolCalendar:
    """Terms and holidays of one school, as date ranges."""

    terms: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    holidays: list[tuple[dt.date, dt.date]] = field(default_factory=list)

    def in_holiday(self, day: dt.date) -> bool:
        return any(start <= day <= end for start, end in self.holidays)

    def in_term(self, day: dt.date) -> bool:
        # Without any term recorded, every weekday outside a holiday counts as a school day.
        return not self.terms or any(start <= day <= end for start, end in self.terms)

    def is_school_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.in_term(day) and not self.in_holiday(day)

    def runs_on(self, day: dt.date, every_day: bool) -> bool:
        return True if every_day else self.is_school_day(day)

    def first_run_on_or_after(
        self, day: dt.date, every_day: bool, limit: dt.date
    ) -> dt.date | None:
        while day <= limit:
            if self.runs_on(day, every_day):
                return day
            day += dt.timedelta(days=1)
        return None

    def last_run_on_or_before(
        self, day: dt.date, every_day: bool, limit: dt.date
    ) -> dt.date | None:
        while day >= limit:
            if self.runs_on(day, every_day):
                return day
            day -= dt.timedelta(days=1)
        return None


def month_day(day: dt.date, wanted: int) -> dt.date:
    """Day `wanted` of day's month; a short month uses its last day (31 → 30 April, 28/29 Feb)."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=min(wanted, last))


def term_point_dates(cal: SchoolCalendar, points: list[str], every_day: bool) -> set[dt.date]:
    dates = set()
    for start, end in cal.terms:
        for point in points:
            if point == TermPoint.START:
                found = cal.first_run_on_or_after(start, every_day, end)
            elif point == TermPoint.MIDDLE:
                found = cal.first_run_on_or_after(start + (end - start) / 2, every_day, end)
            else:
                found = cal.last_run_on_or_before(end, every_day, start)
            if found:
                dates.add(found)
    return dates


def is_due(template, day: dt.date, cal: SchoolCalendar) -> bool:
    """Does `template` call for a round on `day` at this school?"""
    every_day = template.runs_in_holidays
    frequency = template.frequency
    if frequency in (Frequency.DAILY, Frequency.HOURLY):
        return cal.runs_on(day, every_day)
    if frequency == Frequency.WEEKLY:
        return day.weekday() == template.weekday and cal.runs_on(day, every_day)
    if frequency == Frequency.MONTHLY:
        # The set day, or the first school day after it when it falls on a weekend or holiday.
        target = month_day(day, template.day_of_month)
        limit = min(target + dt.timedelta(days=LOOKAHEAD_DAYS), month_day(day, 31))
        return cal.first_run_on_or_after(target, every_day, limit) == day
    if frequency == Frequency.TERM:
        return day in term_point_dates(cal, template.term_points, every_day)
    return False
