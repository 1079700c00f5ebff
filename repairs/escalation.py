"""Service commitments enforced by the clock: SLA warnings and breaches, auto-confirmation.

Each alert is claimed with a conditional UPDATE (`..._at IS NULL`), so two beats, a retry or a
second worker never notify twice; the claim and the notification commit together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core import audit, robots
from core.calendar import WINDOW_DAYS, SchoolCalendar
from core.choices import Role
from core.models import School, User
from core.services import notify
from repairs import sla
from repairs.choices import OPEN_WORK, Status
from repairs.models import RepairEvent, RepairRequest, RepairSettings
from repairs.services import repair_request_auto_confirm, settings_for


@dataclass(frozen=True)
class Alert:
    flag: str  # the RepairRequest field claimed once
    due: str
    statuses: frozenset[str]
    breach: bool
    title: str


ALERTS = [
    Alert(
        "respond_breached_at",
        "respond_due_at",
        frozenset({Status.SUBMITTED}),
        True,
        gettext_noop("Repair %(number)s: nobody has responded in time"),
    ),
    Alert(
        "finish_breached_at",
        "finish_due_at",
        OPEN_WORK,
        True,
        gettext_noop("Repair %(number)s is overdue"),
    ),
    Alert(
        "respond_warned_at",
        "respond_due_at",
        frozenset({Status.SUBMITTED}),
        False,
        gettext_noop("Repair %(number)s must be answered by %(due)s"),
    ),
    Alert(
        "finish_warned_at",
        "finish_due_at",
        OPEN_WORK,
        False,
        gettext_noop("Repair %(number)s must be finished by %(due)s"),
    ),
]


def repair_sla_scan(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Flag and notify requests about to breach (warned) and breached (response and finish).

    A warning is due `warn_before_hours` *working* hours before the due time (a request due
    Monday 09:00 with 2 hours is warned Friday 16:00). Breaches go to the owner, the assignee and
    the school's director(s); warnings to the owner and the assignee (to logistics staff while
    nobody owns the request). Returns counts per flag.
    """
    now = now or timezone.now()
    counts = {alert.flag: 0 for alert in ALERTS}
    schools = _school_clocks(now)
    for alert in ALERTS:
        if alert.breach:
            window = Q(**{f"{alert.due}__lt": now})
        else:
            window = Q(pk__in=[])
            for school_id, (_calendar, _rules, horizon) in schools.items():
                window |= Q(school_id=school_id, **{f"{alert.due}__lte": horizon})
        candidates = (
            RepairRequest.objects.filter(
                window, Q(**{f"{alert.flag}__isnull": True}), status__in=alert.statuses
            )
            .select_related("school", "owner", "assignee")
            .order_by(alert.due)
        )
        for request in candidates.iterator(chunk_size=500):
            if not alert.breach and not _warning_due(request, alert, schools, now):
                continue
            if _claim_and_notify(request, alert, now):
                counts[alert.flag] += 1
    return counts


def _school_clocks(
    now: dt.datetime,
) -> dict[int, tuple[SchoolCalendar, RepairSettings, dt.datetime]]:
    """Per school with open requests: its calendar, its rules and the warning horizon (the due
    times that are at most `warn_before_hours` working hours away). Three queries in all."""
    school_ids = set(
        RepairRequest.objects.filter(status__in=OPEN_WORK).values_list("school_id", flat=True)
    )
    stored = {r.school_id: r for r in RepairSettings.objects.filter(school_id__in=school_ids)}
    rules = {pk: stored.get(pk) or RepairSettings(school_id=pk) for pk in school_ids}
    today = timezone.localdate(now)
    window = dt.timedelta(days=WINDOW_DAYS)
    calendars = SchoolCalendar.load_many(
        school_ids,
        first=today - window,
        last=today + window,
        hours={pk: sla.working_hours(r) for pk, r in rules.items()},
    )
    return {
        pk: (
            calendars[pk],
            rules[pk],
            calendars[pk].add_working_hours(now, rules[pk].warn_before_hours),
        )
        for pk in school_ids
    }


def _warning_due(request: RepairRequest, alert: Alert, schools, now: dt.datetime) -> bool:
    calendar, rules, _horizon = schools[request.school_id]
    return sla.warn_at(calendar, rules, getattr(request, alert.due)) <= now


@transaction.atomic
def _claim_and_notify(request: RepairRequest, alert: Alert, now: dt.datetime) -> bool:
    claimed = RepairRequest.objects.filter(
        pk=request.pk, status__in=alert.statuses, **{f"{alert.flag}__isnull": True}
    ).update(**{alert.flag: now})
    if not claimed:
        return False
    due = timezone.localtime(getattr(request, alert.due))
    title = _(alert.title) % {"number": request.number, "due": f"{due:%m-%d %H:%M}"}
    people = [user for user in (request.owner, request.assignee) if user is not None]
    if not request.owner_id:
        people += _staff(request.school_id, [Role.LOGISTICS])
    if alert.breach:
        people += _staff(request.school_id, [Role.DIRECTOR])
        RepairEvent.objects.create(
            request=request,
            school_id=request.school_id,
            kind=alert.flag.removesuffix("_at"),
            from_status=request.status,
            to_status=request.status,
            actor=None,
            at=now,
            note=title,
        )
        audit.record_event(request, event="repair_sla_breached", actor=None, flag=alert.flag)
        robots.announce(
            school=request.school,
            event="sla_breached",
            title=title,
            markdown=f"{request.room}：{request.description[:200]}",
            url=request.get_absolute_url(),
        )
    notify(
        recipients=people,
        school=request.school,
        title=title,
        body=f"{request.room} {request.description[:200]}",
        url=request.get_absolute_url(),
    )
    return True


def _staff(school_id: int, roles: list[str]) -> list[User]:
    return list(
        User.objects.filter(
            school_id=school_id, is_active=True, user_roles__role__in=roles
        ).distinct()
    )


def repair_auto_confirm_due(*, now: dt.datetime | None = None) -> int:
    """Confirm (without a rating) every request left 'done' longer than its school allows."""
    now = now or timezone.now()
    confirmed = 0
    school_ids = (
        RepairRequest.objects.filter(status=Status.DONE)
        .values_list("school_id", flat=True)
        .distinct()
    )
    for school_id in list(school_ids):
        rules = settings_for(School.objects.get(pk=school_id))
        limit = now - dt.timedelta(days=rules.auto_confirm_days)
        stale = RepairRequest.objects.filter(
            school_id=school_id, status=Status.DONE, finished_at__lt=limit
        )
        for request in stale.iterator(chunk_size=500):
            if repair_request_auto_confirm(request=request) is not None:
                confirmed += 1
    return confirmed
