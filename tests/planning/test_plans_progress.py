"""Progress, "no data" and each goal's state, derived from its milestones and KPIs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from planning.choices_plans import Direction, GoalState, KpiKind, PlanStatus
from planning.selectors_plans import KpiRow, goal_state, plan_outline, progress
from tests.planning.factories_plans import (
    current_first_year,
    goal_of,
    kpi_of,
    milestone_of,
    plan_of,
    value_of,
)

D = Decimal
TODAY = dt.date(2026, 12, 1)


def test_progress_is_the_share_of_the_way_from_baseline_to_target():
    from planning.models import Kpi

    higher = Kpi(
        direction=Direction.HIGHER,
        baseline=D(80),
        target_year1=D(90),
        target_year2=D(95),
        target_year3=D(100),
    )
    assert progress(higher, D(85), 0) == D("0.5")
    assert progress(higher, D(85), 2) == D("0.25")
    assert progress(higher, None, 0) is None  # no data stays no data
    lower = Kpi(
        direction=Direction.LOWER,
        baseline=D(10),
        target_year1=D(6),
        target_year2=D(4),
        target_year3=D(2),
    )
    assert progress(lower, D(8), 0) == D("0.5")
    assert progress(lower, D(12), 0) == D("-0.5")  # worse than the baseline


@pytest.mark.django_db
def test_goal_states(school):
    plan = plan_of(school, status=PlanStatus.APPROVED, first_year=2026)
    goal = goal_of(plan)
    kpi = kpi_of(goal, kind=KpiKind.MANUAL)  # baseline 20, targets 40 / 60 / 80
    step = milestone_of(goal, due=TODAY + dt.timedelta(days=5))

    def state(live, *, done=False, due=None):
        step.done_at = timezone.now() if done else None
        step.due = due or TODAY + dt.timedelta(days=5)
        return goal_state([KpiRow(kpi, live, 0)], [step], TODAY)

    assert goal_state([], [], TODAY) == GoalState.NOT_STARTED
    assert state(None) == GoalState.NOT_STARTED
    assert state(D(30)) == GoalState.ON_TRACK
    assert state(D(10)) == GoalState.AT_RISK  # worse than the baseline
    assert state(D(30), due=TODAY - dt.timedelta(days=1)) == GoalState.AT_RISK  # overdue
    assert state(D(70), done=True) == GoalState.ON_TRACK  # the third year's 80 not reached
    assert state(D(80), done=True) == GoalState.DONE
    assert state(None, done=True) == GoalState.ON_TRACK


@pytest.mark.django_db
def test_the_outline_reads_live_values_and_says_no_data(school):
    plan = plan_of(school, status=PlanStatus.APPROVED, first_year=current_first_year())
    goal = goal_of(plan)
    metric = kpi_of(goal)  # safety.fire_expired: no equipment → 0 expired, a real value
    manual = kpi_of(goal, kind=KpiKind.MANUAL)
    empty = kpi_of(goal, kind=KpiKind.MANUAL, name="无数据")
    value_of(manual, "25", on=timezone.localdate() - dt.timedelta(days=3))
    value_of(manual, "30")
    rows = {row.kpi.pk: row for row in plan_outline(plan)[0].goals[0].kpis}
    assert rows[metric.pk].live == 0 and rows[metric.pk].progress == D("3.333")
    assert rows[manual.pk].live == D(30) and rows[manual.pk].percent == 50
    assert rows[empty.pk].live is None and rows[empty.pk].percent is None
    assert rows[empty.pk].state == "no_data"
