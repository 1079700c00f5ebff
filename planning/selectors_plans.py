"""Reading a plan: each KPI's live value, last snapshot and history, its progress, and each goal's
state derived from its milestones and KPIs (never chosen by hand).

The plan page costs a fixed number of queries whatever the number of KPIs and values: the areas,
goals, KPIs, milestones and snapshots are one query each, the manual KPIs' latest values one, and
each *metric* is computed once (``Metric.compute`` for the school) for all the KPIs that read it
over the same window — the count grows with the kinds of KPI, not with the KPIs or their values.

Progress = (current − baseline) / (target − baseline), the target being that of the plan year
the day falls in; "no data" (None) stays "no data", never 0. A KPI's state: no data; reached
(progress ≥ 1); at risk (worse than its baseline, progress < 0); else on track. A goal is done
when every milestone is done and every KPI reached its third-year target; at risk when a
milestone is overdue or a KPI is at risk; not started when no milestone is done and no KPI has
data (or it has neither); otherwise on track.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from core import metrics
from core.metrics import Period
from planning.choices_plans import GoalState, KpiKind, KpiWindow, PlanStatus
from planning.models import Goal, Kpi, KpiSnapshot, KpiValue, Milestone, Plan, PlanArea

Value = int | Decimal | None


def window_period(window: str, month: Period) -> Period:
    """The period a metric KPI is read over, for the month `month` (the month so far for the
    running month)."""
    if window == KpiWindow.TWELVE_MONTHS:
        return metrics.last_twelve_months(month)
    if window == KpiWindow.SCHOOL_YEAR:
        year = month.start.year if month.start.month >= 9 else month.start.year - 1
        return Period("range", dt.date(year, 9, 1), month.end)
    return month


def metric_values(
    groups: Mapping[tuple[str, str], Collection[int]], month: Period
) -> dict[tuple[str, str], dict[int, Value]]:
    """{(metric key, window): {school id: value}}: each metric computed once, for all the
    schools of its group at once. A key no longer registered reads as no data."""
    known = {m.key: m for m in metrics.all_metrics()}
    found: dict[tuple[str, str], dict[int, Value]] = {}
    with metrics.shared():
        for (key, window), school_ids in sorted(groups.items()):
            metric = known.get(key)
            period = window_period(window, month)
            found[(key, window)] = metric.values(sorted(school_ids), period) if metric else {}
    return found


def cached_metric_values(
    groups: Mapping[tuple[str, str], Collection[int]], month: Period
) -> dict[tuple[str, str], dict[int, Value]]:
    """metric_values for a page: each (metric, window, school, month) kept in Django's cache
    (Redis when set) as long as the dashboard keeps its figures (DASHBOARD_CACHE_SECONDS while
    the month runs; 0 turns it off), so a plan page opened again computes nothing. Numbers only,
    keyed by school: no school reads another's, no language in them. The snapshot task never
    reads it (it computes fresh)."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return metric_values(groups, month)
    names = {
        (group, school): f"planning:kpi:{group[0]}:{group[1]}:{school}:{month.code}"
        for group, schools in groups.items()
        for school in schools
    }
    kept = cache.get_many(list(names.values()))
    missing = {
        group: [s for s in schools if names[(group, s)] not in kept]
        for group, schools in groups.items()
    }
    fresh = metric_values({g: s for g, s in missing.items() if s}, month)
    cache.set_many(
        {
            names[(g, s)]: [v]
            for g, found in fresh.items()
            for s in missing[g]
            for v in [found.get(s)]
        },
        seconds,
    )
    return {
        group: {
            s: (fresh[group].get(s) if s in missing[group] else kept[names[(group, s)]][0])
            for s in schools
        }
        for group, schools in groups.items()
    }


def manual_latest(kpi_ids: Sequence[int], *, before: dt.date | None = None) -> dict[int, Value]:
    """The latest value of each manual KPI (measured before `before`), in one query."""
    if not kpi_ids:
        return {}
    values = KpiValue.objects.filter(kpi=OuterRef("pk"))
    if before is not None:
        values = values.filter(measured_on__lt=before)
    latest = values.order_by("-measured_on", "-pk").values("value")[:1]
    rows = Kpi.objects.filter(pk__in=kpi_ids).annotate(latest=Subquery(latest))
    return dict(rows.values_list("pk", "latest"))


def progress(kpi: Kpi, value: Value, year_index: int) -> Decimal | None:
    """(value − baseline) / (target − baseline) for the plan year; None for no data."""
    if value is None:
        return None
    target = kpi.targets[year_index]
    return ((Decimal(value) - kpi.baseline) / (target - kpi.baseline)).quantize(Decimal("0.001"))


@dataclass
class KpiRow:
    kpi: Kpi
    live: Value
    year_index: int
    history: list[tuple[str, Value]] = field(default_factory=list)

    @property
    def target(self) -> Decimal:
        return self.kpi.targets[self.year_index]

    @property
    def last_snapshot(self) -> tuple[str, Value] | None:
        return self.history[-1] if self.history else None

    @property
    def progress(self) -> Decimal | None:
        return progress(self.kpi, self.live, self.year_index)

    @property
    def final_progress(self) -> Decimal | None:
        return progress(self.kpi, self.live, 2)

    @property
    def percent(self) -> int | None:
        """Progress as a whole percentage for the bar, 0–100 (None: no data)."""
        found = self.progress
        if found is None:
            return None
        return int(min(max(found * 100, Decimal(0)), Decimal(100)))

    @property
    def state(self) -> str:
        found = self.progress
        if found is None:
            return "no_data"
        if found >= 1:
            return "reached"
        return "at_risk" if found < 0 else "on_track"

    @property
    def spark(self) -> list[float | None]:
        return [float(v) if v is not None else None for _m, v in self.history]

    @property
    def spark_points(self) -> str:
        """The snapshots as an SVG polyline in a 100 × 24 box ("" under two values)."""
        values = self.spark[-12:]
        known = [v for v in values if v is not None]
        if len(known) < 2:
            return ""
        low, span = min(known), (max(known) - min(known)) or 1.0
        step = 100 / (len(values) - 1)
        return " ".join(
            f"{i * step:.1f},{22 - (v - low) / span * 20:.1f}"
            for i, v in enumerate(values)
            if v is not None
        )


@dataclass
class GoalRow:
    goal: Goal
    kpis: list[KpiRow]
    milestones: list[Milestone]
    today: dt.date

    @property
    def state(self) -> str:
        return goal_state(self.kpis, self.milestones, self.today)

    @property
    def state_label(self) -> str:
        return str(GoalState(self.state).label)

    @property
    def yearly_targets(self) -> list[tuple[str, str]]:
        """(school year, target) for the years that have one."""
        years = self.goal.plan.years
        return [(year, text) for year, text in zip(years, self.goal.targets, strict=True) if text]


@dataclass
class AreaRow:
    area: PlanArea
    goals: list[GoalRow]


def goal_state(kpis: Sequence[KpiRow], milestones: Sequence[Milestone], today: dt.date) -> str:
    """Derived from the goal's milestones and KPIs (see the module docstring)."""
    if not kpis and not milestones:
        return GoalState.NOT_STARTED
    finished = all(m.done for m in milestones) and all(
        row.final_progress is not None and row.final_progress >= 1 for row in kpis
    )
    if finished:
        return GoalState.DONE
    if any(m.overdue_on(today) for m in milestones) or any(r.state == "at_risk" for r in kpis):
        return GoalState.AT_RISK
    if not any(m.done for m in milestones) and all(r.live is None for r in kpis):
        return GoalState.NOT_STARTED
    return GoalState.ON_TRACK


def kpi_rows(plan: Plan, kpis: Sequence[Kpi], today: dt.date) -> dict[int, KpiRow]:
    """The KPIs' live values and snapshot history: one query for the snapshots, one for the
    manual values, one computation per (metric, window)."""
    month = Period.month(today.year, today.month)
    metric_kpis = [k for k in kpis if k.kind == KpiKind.METRIC]
    groups = {(k.metric_key, k.window): [plan.school_id] for k in metric_kpis}
    computed = cached_metric_values(groups, month)
    manual = manual_latest([k.pk for k in kpis if k.kind == KpiKind.MANUAL])
    year = plan.year_index(today)
    rows = {}
    for kpi in kpis:
        if kpi.kind == KpiKind.METRIC:
            live = computed.get((kpi.metric_key, kpi.window), {}).get(plan.school_id)
        else:
            live = manual.get(kpi.pk)
        rows[kpi.pk] = KpiRow(kpi, live, year)
    snapshots = KpiSnapshot.objects.filter(kpi__in=[k.pk for k in kpis]).order_by("month")
    for kpi_id, month_day, value in snapshots.values_list("kpi_id", "month", "value"):
        rows[kpi_id].history.append((f"{month_day:%Y-%m}", value))
    return rows


def plan_outline(plan: Plan, today: dt.date | None = None) -> list[AreaRow]:
    """Areas → goals → KPIs and milestones of the plan, states derived, in constant queries."""
    today = today or timezone.localdate()
    areas = list(PlanArea.objects.filter(plan=plan).order_by("position", "pk"))
    goals = list(Goal.objects.filter(plan=plan).select_related("owner").order_by("position", "pk"))
    kpis = list(Kpi.objects.filter(plan=plan).order_by("position", "pk"))
    milestones = list(
        Milestone.objects.filter(plan=plan).select_related("owner", "done_by").order_by("due", "pk")
    )
    for part in (goals, kpis, milestones):
        for row in part:
            row.plan = plan  # their links and years read it: no query per row
    rows = kpi_rows(plan, kpis, today) if kpis else {}
    kpis_of: dict[int, list[KpiRow]] = defaultdict(list)
    for kpi in kpis:
        kpis_of[kpi.goal_id].append(rows[kpi.pk])
    steps_of: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in milestones:
        steps_of[milestone.goal_id].append(milestone)
    goals_of: dict[int, list[GoalRow]] = defaultdict(list)
    for goal in goals:
        goals_of[goal.area_id].append(GoalRow(goal, kpis_of[goal.pk], steps_of[goal.pk], today))
    return [AreaRow(area, goals_of[area.pk]) for area in areas]


def state_counts(outline: Sequence[AreaRow]) -> list[tuple[str, str, int]]:
    """(state, label, number of goals) for each goal state, in the states' order."""
    counts = {state: 0 for state in GoalState.values}
    for area in outline:
        for goal in area.goals:
            counts[goal.state] += 1
    return [(state, str(GoalState(state).label), n) for state, n in counts.items()]


def current_plans(school_ids: Sequence[int], day: dt.date) -> list[Plan]:
    """The schools' approved plans whose three years include `day` (one query)."""
    school_year = day.year if day.month >= 9 else day.year - 1
    return list(
        Plan.objects.filter(
            school_id__in=school_ids,
            status=PlanStatus.APPROVED,
            first_year__range=(school_year - 2, school_year),
        )
    )


def goals_by_school(school_ids: Sequence[int], day: dt.date) -> dict[int, list[GoalRow]]:
    """Every goal of the schools' current approved plans with its state on `day`: a fixed
    number of queries for any number of schools (plans, goals, KPIs, milestones, manual values,
    and each metric once for all the schools that read it)."""
    plans = {plan.pk: plan for plan in current_plans(school_ids, day)}
    goals = list(
        Goal.objects.filter(plan_id__in=plans).select_related("area").order_by("position", "pk")
    )
    kpis = list(Kpi.objects.filter(plan_id__in=plans))
    steps = list(Milestone.objects.filter(plan_id__in=plans))
    month = Period.month(day.year, day.month)
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    for kpi in kpis:
        if kpi.kind == KpiKind.METRIC:
            groups[(kpi.metric_key, kpi.window)].add(kpi.school_id)
    computed = metric_values(groups, month)
    manual = manual_latest(
        [k.pk for k in kpis if k.kind == KpiKind.MANUAL], before=day + dt.timedelta(1)
    )
    kpis_of: dict[int, list[KpiRow]] = defaultdict(list)
    for kpi in kpis:
        kpi.plan = plans[kpi.plan_id]
        live = (
            computed.get((kpi.metric_key, kpi.window), {}).get(kpi.school_id)
            if kpi.kind == KpiKind.METRIC
            else manual.get(kpi.pk)
        )
        kpis_of[kpi.goal_id].append(KpiRow(kpi, live, kpi.plan.year_index(day)))
    steps_of: dict[int, list[Milestone]] = defaultdict(list)
    for step in steps:
        steps_of[step.goal_id].append(step)
    found: dict[int, list[GoalRow]] = {plan.school_id: [] for plan in plans.values()}
    for goal in goals:
        goal.plan = plans[goal.plan_id]
        row = GoalRow(goal, kpis_of[goal.pk], steps_of[goal.pk], day)
        found[goal.school_id].append(row)
    return found
