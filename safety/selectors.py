"""Reads that take the user: every queryset starts from core.access.scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from core import access
from core.choices import SchoolKind
from core.models import Term
from safety.choices import DrillStatus, TaskStatus
from safety.models import Drill, InspectionTask

EVACUATION_LIMIT_SECONDS = 120
LOW_RISE_FLOORS = 4


def my_open_tasks(user) -> QuerySet[InspectionTask]:
    """Open rounds assigned to the user (overdue first), due up to today."""
    return (
        access.scope(user, InspectionTask)
        .filter(assignee=user, status=TaskStatus.OPEN, due_date__lte=timezone.localdate())
        .select_related("template", "room__building", "building")
        .order_by("due_by", "pk")
    )


def unassigned_open_tasks(user) -> QuerySet[InspectionTask]:
    return (
        access.scope(user, InspectionTask)
        .filter(assignee__isnull=True, status=TaskStatus.OPEN, due_date__lte=timezone.localdate())
        .select_related("template", "room__building", "building")
        .order_by("due_by", "pk")
    )


@dataclass
class DrillTermReport:
    term: Term
    period: str  # "month" or "quarter"
    periods: list[tuple[str, list[Drill]]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    slow: list[Drill] = field(default_factory=list)


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def drill_term_report(user, term: Term) -> DrillTermReport:
    """Months (kindergartens: quarters) of the term without a drill held, and evacuations of
    low-rise buildings (≤ 4 floors) slower than 2 minutes."""
    drills = list(
        access.scope(user, Drill)
        .filter(school_id=term.school_id, date__range=(term.start, term.end))
        .select_related("building")
        .order_by("date", "pk")
    )
    kindergarten = term.school.kind == SchoolKind.KINDERGARTEN
    report = DrillTermReport(term=term, period="quarter" if kindergarten else "month")
    buckets: dict[str, list[Drill]] = {}
    for year, month in _months(term.start, term.end):
        key = f"{year}-Q{(month - 1) // 3 + 1}" if kindergarten else f"{year}-{month:02d}"
        buckets.setdefault(key, [])
    for drill in drills:
        month = drill.date.month
        key = (
            f"{drill.date.year}-Q{(month - 1) // 3 + 1}" if kindergarten else f"{drill.date:%Y-%m}"
        )
        buckets.setdefault(key, []).append(drill)
    for key, held in buckets.items():
        report.periods.append((key, held))
        if not any(d.status == DrillStatus.HELD for d in held):
            report.missing.append(key)
    report.slow = [
        d
        for d in drills
        if d.status == DrillStatus.HELD
        and d.evacuation_seconds
        and d.building is not None
        and d.building.floors <= LOW_RISE_FLOORS
        and d.evacuation_seconds > EVACUATION_LIMIT_SECONDS
    ]
    return report


def current_term(user) -> Term | None:
    terms = access.scope(user, Term).filter(school_id=user.school_id)
    today = timezone.localdate()
    return (
        terms.filter(Q(start__lte=today, end__gte=today)).first()
        or terms.filter(start__lte=today).order_by("-start").first()
        or terms.order_by("start").first()
    )
