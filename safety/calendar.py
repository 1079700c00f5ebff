"""When is a template due? Pure functions over a school's calendar (core.calendar), no queries.

Which days are school days (terms, holidays, make-up working days 调休) is core's rule; this module
only says which of those days a template's frequency picks.
"""

from __future__ import annotations

import calendar
import datetime as dt

from core.calendar import SchoolCalendar
from safety.choices import Frequency, TermPoint

# A round is looked for at most this far ahead when a school day is needed (monthly, term points).
LOOKAHEAD_DAYS = 14


def runs_on(cal: SchoolCalendar, day: dt.date, every_day: bool) -> bool:
    """Rounds of a template run every day, or only on school days (a 调休 Saturday included)."""
    return True if every_day else cal.is_school_day(day)


def first_run_on_or_after(
    cal: SchoolCalendar, day: dt.date, every_day: bool, limit: dt.date
) -> dt.date | None:
    while day <= limit:
        if runs_on(cal, day, every_day):
            return day
        day += dt.timedelta(days=1)
    return None


def last_run_on_or_before(
    cal: SchoolCalendar, day: dt.date, every_day: bool, limit: dt.date
) -> dt.date | None:
    while day >= limit:
        if runs_on(cal, day, every_day):
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
                found = first_run_on_or_after(cal, start, every_day, end)
            elif point == TermPoint.MIDDLE:
                found = first_run_on_or_after(cal, start + (end - start) / 2, every_day, end)
            else:
                found = last_run_on_or_before(cal, end, every_day, start)
            if found:
                dates.add(found)
    return dates


def is_due(template, day: dt.date, cal: SchoolCalendar) -> bool:
    """Does `template` call for a round on `day` at this school?"""
    every_day = template.runs_in_holidays
    frequency = template.frequency
    if frequency in (Frequency.DAILY, Frequency.HOURLY):
        return runs_on(cal, day, every_day)
    if frequency == Frequency.WEEKLY:
        return day.weekday() == template.weekday and runs_on(cal, day, every_day)
    if frequency == Frequency.MONTHLY:
        # The set day, or the first school day after it when it falls on a weekend or holiday.
        target = month_day(day, template.day_of_month)
        limit = min(target + dt.timedelta(days=LOOKAHEAD_DAYS), month_day(day, 31))
        return first_run_on_or_after(cal, target, every_day, limit) == day
    if frequency == Frequency.TERM:
        return day in term_point_dates(cal, template.term_points, every_day)
    return False
