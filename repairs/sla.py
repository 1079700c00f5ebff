"""Working time of the school calendar: weekends and the school's holidays do not count.

SLA targets are set in working hours (respond) and working days (finish); a due time that would
fall on a Saturday, in the National Day week or after the working day ends moves on to the next
working time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from core.models import Holiday, School

MAX_DAYS_AHEAD = 400  # a calendar with no working day for a year is a data error, not a loop


@dataclass(frozen=True)
class Calendar:
    start: dt.time
    end: dt.time
    holidays: tuple[tuple[dt.date, dt.date], ...]

    @classmethod
    def for_school(cls, school: School, settings) -> Calendar:
        today = timezone.localdate()
        spans = Holiday.objects.filter(
            school=school, end__gte=today - dt.timedelta(days=60)
        ).values_list("start", "end")
        return cls(settings.workday_start, settings.workday_end, tuple(spans))

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5:
            return False
        return not any(first <= day <= last for first, last in self.holidays)

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, time))

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """The moment itself when it is in working time, else the start of the next working time."""
        local = timezone.localtime(moment)
        day = local.date()
        for _ in range(MAX_DAYS_AHEAD):
            if self.is_working_day(day):
                if local.time() < self.start:
                    return self._at(day, self.start)
                if local.time() < self.end:
                    return local
            day += dt.timedelta(days=1)
            local = self._at(day, dt.time(0, 0))
        raise ValueError("No working day in the school calendar for over a year.")

    def add_hours(self, moment: dt.datetime, hours: float) -> dt.datetime:
        """`hours` working hours after `moment`."""
        left = dt.timedelta(hours=hours)
        current = self.next_working_moment(moment)
        for _ in range(MAX_DAYS_AHEAD):
            day_end = self._at(timezone.localtime(current).date(), self.end)
            if current + left <= day_end:
                return current + left
            left -= day_end - current
            current = self.next_working_moment(day_end)
        raise ValueError("No working day in the school calendar for over a year.")

    def end_of_working_day(self, moment: dt.datetime, days: int) -> dt.datetime:
        """The end of the working day `days` working days after the one `moment` falls in (0: same)."""
        current = self.next_working_moment(moment)
        day = timezone.localtime(current).date()
        counted = 0
        for _ in range(MAX_DAYS_AHEAD):
            if counted >= days:
                return self._at(day, self.end)
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        raise ValueError("No working day in the school calendar for over a year.")

    def working_hours_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working hours from start to end (0 when end is not after start)."""
        if end <= start:
            return 0.0
        total = dt.timedelta()
        current = self.next_working_moment(start)
        while current < end:
            day_end = self._at(timezone.localtime(current).date(), self.end)
            total += min(day_end, end) - current
            current = self.next_working_moment(day_end)
        return total.total_seconds() / 3600


def due_times(calendar: Calendar, settings, priority: str, filed_at: dt.datetime):
    """(respond by, finish by) for a request of this priority filed at `filed_at`."""
    respond = calendar.add_hours(filed_at, settings.respond_hours(priority))
    finish = calendar.end_of_working_day(filed_at, settings.finish_days(priority))
    return respond, max(respond, finish)
