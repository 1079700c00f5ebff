"""Repair SLA in the school's working time (core.calendar): due times, warnings, SLA states.

Targets are set in working hours (respond) and working days (finish) in RepairSettings, which
also holds the school's working hours; weekends, holidays and evenings do not count, make-up
working days (调休) do. The warning comes `warn_before_hours` *working* hours before the due time.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import SchoolCalendar, WorkingHours
from core.models import School
from repairs.choices import OPEN_WORK, Status


def working_hours(rules) -> WorkingHours:
    """The school's working hours, from its repair settings."""
    return WorkingHours(rules.workday_start, rules.workday_end)


class Calendar:
    """The services' entry point: `Calendar.for_school(school, rules)` is the school's calendar
    (core.calendar.SchoolCalendar) around now, with the working hours of its repair settings."""

    @staticmethod
    def for_school(school: School, rules, around: dt.datetime | None = None) -> SchoolCalendar:
        return SchoolCalendar.around(
            school.pk, around or timezone.now(), hours=working_hours(rules)
        )


def due_times(
    calendar: SchoolCalendar, rules, priority: str, filed_at: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """(respond by, finish by) for a request of this priority filed at `filed_at`."""
    respond = calendar.add_working_hours(filed_at, rules.respond_hours(priority))
    finish = calendar.end_of_working_day(filed_at, rules.finish_days(priority))
    return respond, max(respond, finish)


def warn_at(calendar: SchoolCalendar, rules, due: dt.datetime) -> dt.datetime:
    """When to warn that `due` is near: `warn_before_hours` working hours before it."""
    return calendar.subtract_working_hours(due, rules.warn_before_hours)


# ---- SLA states (the board's column, its 已超时 filter and the statistics agree on these) ----
ON_TIME, WARNED, BREACHED = "on_time", "warned", "breached"


def respond_breached_q(now: dt.datetime) -> Q:
    """Nobody responded by the response due time (still waiting past it, or answered late)."""
    return (
        Q(respond_breached_at__isnull=False)
        | Q(status=Status.SUBMITTED, respond_due_at__lt=now)
        | Q(responded_at__gt=F("respond_due_at"))
    )


def finish_breached_q(now: dt.datetime) -> Q:
    """The work was not finished by its due time (still open past it, or finished late)."""
    return (
        Q(finish_breached_at__isnull=False, status__in=OPEN_WORK)
        | Q(status__in=OPEN_WORK, finish_due_at__lt=now)
        | Q(finished_at__gt=F("finish_due_at"))
    )


# ---- the statistics' lateness (repairs.stats): by the timestamps alone, not the alert flags ----
def respond_late_q(now: dt.datetime) -> Q:
    """Responded after the response due time, or not responded and the due time has passed."""
    return Q(responded_at__gt=F("respond_due_at")) | Q(
        responded_at__isnull=True, respond_due_at__lt=now
    )


def respond_in_time_q(now: dt.datetime) -> Q:
    """Not `respond_late_q` (written out: SQL's NULLs make a negation unsafe)."""
    return Q(responded_at__lte=F("respond_due_at")) | Q(
        responded_at__isnull=True, respond_due_at__gte=now
    )


def finish_late_q(now: dt.datetime) -> Q:
    """Finished after the finish due time, or not finished and the due time has passed."""
    return Q(finished_at__gt=F("finish_due_at")) | Q(
        finished_at__isnull=True, finish_due_at__lt=now
    )


def breached_q(now: dt.datetime) -> Q:
    """Either commitment missed: what the board's 已超时 (overdue) filter lists."""
    return respond_breached_q(now) | finish_breached_q(now)


def sla_state_annotations(now: dt.datetime) -> dict[str, Case]:
    """`respond_sla` and `finish_sla` labels (on time / about to breach / breached) per row."""
    out = (Status.REJECTED, Status.DUPLICATE)
    labels = {state: Value(label) for state, label in _state_labels().items()}
    text: CharField = CharField()
    return {
        "respond_sla": Case(
            When(status__in=out, then=Value("")),
            When(respond_breached_q(now), then=labels[BREACHED]),
            When(Q(status=Status.SUBMITTED, respond_warned_at__isnull=False), then=labels[WARNED]),
            default=labels[ON_TIME],
            output_field=text,
        ),
        "finish_sla": Case(
            When(status__in=out, then=Value("")),
            When(finish_breached_q(now), then=labels[BREACHED]),
            When(Q(status__in=OPEN_WORK, finish_warned_at__isnull=False), then=labels[WARNED]),
            default=labels[ON_TIME],
            output_field=text,
        ),
    }


def _state_labels() -> dict[str, str]:
    return {ON_TIME: _("On time"), WARNED: _("About to breach"), BREACHED: _("Breached")}
