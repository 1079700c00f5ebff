"""The plans part's periodic work: the monthly KPI snapshot and the overdue milestone notices.

Both are idempotent. A snapshot is one row per (KPI, month) (a unique constraint: a second run,
a retry or two beats add nothing); every metric is computed once for all the schools whose
approved plans read it, never once per KPI. A milestone's overdue notice is claimed by a
conditional UPDATE of ``notified_at`` before anyone is told, so it goes out once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import robots
from core.metrics import Period
from core.services import notify
from planning.choices_plans import KpiKind, PlanStatus
from planning.models import Kpi, KpiSnapshot, Milestone
from planning.models.plans import PLAN_WRITERS
from planning.selectors_plans import manual_latest, metric_values
from planning.services.plans import MILESTONE_OVERDUE_EVENT, writers_of

QUANTUM = Decimal("0.01")


def _stored(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(QUANTUM)


@transaction.atomic
def kpis_snapshot(*, month: Period) -> int:
    """Store each approved plan's KPI values for `month` (its last state for manual KPIs); the
    rows already there stay as they are. Returns the rows added."""
    start = month.start
    school_year = start.year if start.month >= 9 else start.year - 1
    due = Kpi.objects.filter(
        plan__status=PlanStatus.APPROVED,  # plans whose three years include the month
        plan__first_year__range=(school_year - 2, school_year),
    ).exclude(snapshots__month=start.replace(day=1))  # a second run computes nothing
    kpis = list(due.values("pk", "plan_id", "school_id", "kind", "metric_key", "window"))
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    for kpi in kpis:
        if kpi["kind"] == KpiKind.METRIC:
            groups[(kpi["metric_key"], kpi["window"])].add(kpi["school_id"])
    computed = metric_values(groups, month)
    manual_ids = [kpi["pk"] for kpi in kpis if kpi["kind"] == KpiKind.MANUAL]
    manual = manual_latest(manual_ids, before=month.end)
    first_day = month.start.replace(day=1)
    rows = [
        KpiSnapshot(
            school_id=kpi["school_id"],
            plan_id=kpi["plan_id"],
            kpi_id=kpi["pk"],
            month=first_day,
            value=_stored(_value_of(kpi, computed, manual)),
        )
        for kpi in kpis
    ]
    before = KpiSnapshot.objects.filter(month=first_day).count()
    KpiSnapshot.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return KpiSnapshot.objects.filter(month=first_day).count() - before


def _value_of(kpi: Mapping[str, Any], computed: dict, manual: dict):
    if kpi["kind"] == KpiKind.METRIC:
        return computed[(kpi["metric_key"], kpi["window"])].get(kpi["school_id"])
    return manual.get(kpi["pk"])


def milestones_notify_overdue(*, today: dt.date | None = None, limit: int = 500) -> int:
    """Tell each overdue milestone of an approved plan once: its owner and the plan's writers
    in the app and by e-mail, the school's robots subscribed to the event. Returns the count."""
    today = today or timezone.localdate()
    due = Milestone.objects.filter(
        plan__status=PlanStatus.APPROVED,
        done_at__isnull=True,
        notified_at__isnull=True,
        due__lt=today,
    ).select_related("plan", "school", "owner")
    told = 0
    for milestone in list(due.order_by("due", "pk")[:limit]):
        told += _notify_one(milestone)
    return told


@transaction.atomic
def _notify_one(milestone: Milestone) -> int:
    claimed = Milestone.objects.filter(pk=milestone.pk, notified_at__isnull=True).update(
        notified_at=timezone.now()
    )
    if not claimed:
        return 0  # another run told it first
    title = _("Milestone overdue: %(title)s (due %(due)s)") % {
        "title": milestone.title,
        "due": milestone.due,
    }
    body = _("Plan: %(plan)s") % {"plan": milestone.plan}
    people = [milestone.owner, *writers_of(milestone.school_id, PLAN_WRITERS)]
    notify(
        recipients=[p for p in people if p is not None],
        school=milestone.school,
        title=title,
        body=body,
        url=milestone.get_absolute_url(),
    )
    robots.announce(
        school=milestone.school,
        event=MILESTONE_OVERDUE_EVENT,
        title=title,
        markdown=body,
        url=milestone.get_absolute_url(),
        once_key=f"plan-milestone-overdue:{milestone.pk}",
    )
    return 1
