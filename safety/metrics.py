"""The safety module's figures in the metric registry (core.metrics), registered from ready().

Every figure is a grouped-by-school SQL aggregate; the lists behind them use the same filters
(safety.filters). Rounds count those due in the period up to today; hazards and fire equipment
are today's state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.choices import SchoolKind
from core.metrics import HIGHER, LOWER, Metric, Period, Value
from core.models import School, Term
from safety.choices import DrillStatus, HazardStatus, Severity, TaskStatus
from safety.filters import EXPIRING_DAYS
from safety.models import Drill, FireEquipment, Hazard, InspectionTask


def _last_day(period: Period) -> dt.date:
    return min(period.end - dt.timedelta(1), timezone.localdate())


def _url(name: str, *params: tuple[str, object]) -> str:
    return reverse(f"safety:{name}") + ("?" + urlencode(params) if params else "")


def _rounds(school_ids: Sequence[int], period: Period):
    return InspectionTask.objects.filter(
        school_id__in=school_ids, due_date__gte=period.start, due_date__lte=_last_day(period)
    )


def _rounds_link(period: Period, *params: tuple[str, object]) -> str:
    span = (("due_from", period.start.isoformat()), ("due_until", _last_day(period).isoformat()))
    return _url("inspectiontask_list", *span, *params)


def rounds_due(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    return metrics.count_by_school(_rounds(school_ids, period), school_ids)


def rounds_on_time(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = _rounds(school_ids, period).filter(status=TaskStatus.DONE, completed_at__lte=F("due_by"))
    return metrics.count_by_school(rows, school_ids)


def rounds_overdue(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = _rounds(school_ids, period).filter(status=TaskStatus.OPEN, due_by__lt=timezone.now())
    return metrics.count_by_school(rows, school_ids)


def _open_hazards(school_ids: Sequence[int]):
    return Hazard.objects.filter(school_id__in=school_ids).exclude(status=HazardStatus.ACCEPTED)


def hazards_open(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    return metrics.count_by_school(_open_hazards(school_ids), school_ids)


def hazards_serious(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = _open_hazards(school_ids).filter(severity=Severity.SERIOUS)
    return metrics.count_by_school(rows, school_ids)


def hazards_overdue(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = _open_hazards(school_ids).filter(deadline__lt=timezone.localdate())
    return metrics.count_by_school(rows, school_ids)


def by_severity(school_id: int, period: Period) -> list[tuple[str, Value, str]]:
    counted = dict(
        _open_hazards([school_id]).values_list("severity").annotate(n=Count("pk")).order_by()
    )
    return [
        (
            str(level.label),
            counted.get(level.value, 0),
            _url("hazard_list", ("open", "true"), ("severity", level.value)),
        )
        for level in reversed(Severity)
    ]


AGES = ((7, _("under a week")), (30, _("1 week to 1 month")), (None, _("over a month")))


def by_age(school_id: int, period: Period) -> list[tuple[str, Value, str]]:
    """Open hazards by time since found, in one query (conditional counts)."""
    now, buckets, previous = timezone.now(), {}, None
    for index, (days, _label) in enumerate(AGES):
        condition = Q()
        if days is not None:
            condition &= Q(created_at__gt=now - dt.timedelta(days=days))
        if previous is not None:
            condition &= Q(created_at__lte=now - dt.timedelta(days=previous))
        buckets[f"age{index}"] = Count("pk", filter=condition)
        previous = days
    found = _open_hazards([school_id]).aggregate(**buckets)
    return [(str(label), found[f"age{i}"], "") for i, (_days, label) in enumerate(AGES)]


def _drills_held(school_ids: Sequence[int], period: Period):
    return Drill.objects.filter(
        school_id__in=school_ids,
        status=DrillStatus.HELD,
        date__gte=period.start,
        date__lt=period.end,
    )


def drills_held(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    return metrics.count_by_school(_drills_held(school_ids, period), school_ids)


def drills_required(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    """One drill a month of term (kindergartens: a quarter), as the term's drill page asks:
    the months (quarters) of the period that a term touches. Two queries."""
    kinds = dict(School.objects.filter(pk__in=school_ids).values_list("pk", "kind"))
    terms = Term.objects.filter(
        school_id__in=school_ids, start__lt=period.end, end__gte=period.start
    ).values_list("school_id", "start", "end")
    needed: dict[int, set[str]] = {school_id: set() for school_id in school_ids}
    for school_id, start, end in terms:  # a few terms per school, not rows of work
        quarters = kinds.get(school_id) == SchoolKind.KINDERGARTEN
        for month in period.months():
            if start < month.end and end >= month.start:
                key = f"Q{(month.start.month - 1) // 3 + 1}" if quarters else month.code
                needed[school_id].add(f"{month.start.year}-{key}")
    return {school_id: len(keys) for school_id, keys in needed.items()}


def _equipment(school_ids: Sequence[int]):
    return FireEquipment.objects.filter(school_id__in=school_ids, archived_at__isnull=True)


def fire_expired(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = _equipment(school_ids).filter(expiry_date__lt=timezone.localdate())
    return metrics.count_by_school(rows, school_ids)


def fire_due(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    soon = timezone.localdate() + dt.timedelta(days=EXPIRING_DAYS)
    rows = _equipment(school_ids).filter(Q(next_service_date__lte=soon) | Q(expiry_date__lte=soon))
    return metrics.count_by_school(rows, school_ids)


def _count(key, label, unit, direction, compute, link, model, help_text, **extra) -> Metric:
    return Metric(
        key=f"safety.{key}",
        label=label,
        unit=unit,
        direction=direction,
        module="safety",
        compute=compute,
        link=link,
        model=model,
        help=help_text,
        **extra,
    )


ROUNDS, HAZARDS = "safety.InspectionTask", "safety.Hazard"


def register() -> None:
    metrics.register(
        _count(
            "rounds_due",
            _("Inspection rounds due"),
            _("rounds"),
            HIGHER,
            rounds_due,
            _rounds_link,
            ROUNDS,
            _("Rounds due in the period, up to today."),
        ),
        _count(
            "rounds_on_time",
            _("Rounds done on time"),
            _("rounds"),
            HIGHER,
            rounds_on_time,
            lambda period: _rounds_link(period, ("on_time", "true")),
            ROUNDS,
            _("Rounds due in the period and completed by their due time."),
        ),
        _count(
            "rounds_overdue",
            _("Rounds overdue"),
            _("rounds"),
            LOWER,
            rounds_overdue,
            lambda period: _rounds_link(period, ("overdue", "true")),
            ROUNDS,
            _("Rounds due in the period, not done and past their due time."),
        ),
        _count(
            "hazards_open",
            _("Open hazards"),
            _("hazards"),
            LOWER,
            hazards_open,
            lambda period: _url("hazard_list", ("open", "true")),
            HAZARDS,
            _("Hazards not yet accepted as fixed, today."),
            breakdowns=(
                ("severity", _("By severity"), by_severity),
                ("age", _("By age"), by_age),
            ),
            current=True,
        ),
        _count(
            "hazards_serious",
            _("Open serious hazards"),
            _("hazards"),
            LOWER,
            hazards_serious,
            lambda period: _url("hazard_list", ("open", "true"), ("severity", Severity.SERIOUS)),
            HAZARDS,
            _("Open hazards of serious severity, today."),
            current=True,
        ),
        _count(
            "hazards_overdue",
            _("Hazards past their deadline"),
            _("hazards"),
            LOWER,
            hazards_overdue,
            lambda period: _url("hazard_list", ("overdue", "true")),
            HAZARDS,
            _("Open hazards whose deadline has passed, today."),
            current=True,
        ),
        _count(
            "drills_held",
            _("Drills held"),
            _("drills"),
            HIGHER,
            drills_held,
            lambda period: _url(
                "drill_list",
                ("status", DrillStatus.HELD),
                ("date_from", period.start.isoformat()),
                ("date_until", (period.end - dt.timedelta(1)).isoformat()),
            ),
            "safety.Drill",
            _("Drills held in the period."),
        ),
        _count(
            "drills_required",
            _("Drills required"),
            _("drills"),
            HIGHER,
            drills_required,
            lambda period: _url("drill_term"),
            "safety.Drill",
            _("One drill for each month of term in the period (kindergartens: each quarter)."),
            no_rows=_("It is counted from the school's terms, not from rows of records."),
        ),
        _count(
            "fire_expired",
            _("Fire equipment expired"),
            _("items"),
            LOWER,
            fire_expired,
            lambda period: _url("fireequipment_list", ("expired", "true")),
            "safety.FireEquipment",
            _("Fire equipment past its expiry date, today."),
            current=True,
        ),
        _count(
            "fire_due",
            _("Fire equipment due for service or expiring"),
            _("items"),
            LOWER,
            fire_due,
            lambda period: _url("fireequipment_list", ("expiring", "true")),
            "safety.FireEquipment",
            _("Fire equipment whose service or expiry date is within 30 days or past, today."),
            current=True,
        ),
    )
