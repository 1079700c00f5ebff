"""Plans for the tests: a plan with an area, a goal, KPIs and a milestone in any status."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from django.utils import timezone

from core.choices import Role
from planning.choices_plans import Direction, KpiKind, PlanStatus
from planning.models import Goal, Kpi, KpiValue, Milestone, Plan, PlanArea
from tests.factories import UserFactory

YEARS = itertools.cycle(range(2030, 2100))  # unique per school, not globally


def current_first_year() -> int:
    """The plan period that includes today (its first school year started last September)."""
    today = timezone.localdate()
    return today.year if today.month >= 9 else today.year - 1


def plan_of(school, *, status: str = PlanStatus.DRAFT, first_year: int | None = None, **extra):
    year = first_year if first_year is not None else next(YEARS)
    return Plan.objects.create(
        school=school,
        title=extra.pop("title", f"{year}—{year + 3}学年总务工作三年规划"),
        first_year=year,
        status=status,
        **extra,
    )


def area_of(plan, name: str = "安全") -> PlanArea:
    return PlanArea.objects.get_or_create(school=plan.school, plan=plan, name=name)[0]


def goal_of(plan, area=None, **extra) -> Goal:
    area = area or area_of(plan)
    return Goal.objects.create(
        school=plan.school,
        plan=plan,
        area=area,
        title=extra.pop("title", "每栋楼消防器材配备齐全"),
        target_year1=extra.pop("target_year1", "完成主教学楼"),
        **extra,
    )


def kpi_of(goal, *, kind=KpiKind.METRIC, **extra) -> Kpi:
    fields = {
        "metric_key": "safety.fire_expired" if kind == KpiKind.METRIC else "",
        "direction": Direction.LOWER if kind == KpiKind.METRIC else Direction.HIGHER,
        "baseline": Decimal(10) if kind == KpiKind.METRIC else Decimal(20),
        "name": "过期消防器材" if kind == KpiKind.METRIC else "资产数字化率",
    }
    fields.update(extra)
    if "target_year1" not in fields:
        step = Decimal(-3) if fields["direction"] == Direction.LOWER else Decimal(20)
        base = fields["baseline"]
        fields.update(
            target_year1=base + step, target_year2=base + 2 * step, target_year3=base + 3 * step
        )
    return Kpi.objects.create(school=goal.school, plan=goal.plan, goal=goal, kind=kind, **fields)


def milestone_of(goal, *, due: dt.date | None = None, **extra) -> Milestone:
    return Milestone.objects.create(
        school=goal.school,
        plan=goal.plan,
        goal=goal,
        title=extra.pop("title", "完成消防器材普查"),
        due=due or timezone.localdate() + dt.timedelta(days=30),
        **extra,
    )


def value_of(kpi, value, *, on: dt.date | None = None, by=None) -> KpiValue:
    by = by or UserFactory(school=kpi.school, roles=[Role.DIRECTOR])
    return KpiValue.objects.create(
        school=kpi.school,
        plan=kpi.plan,
        kpi=kpi,
        measured_on=on or timezone.localdate(),
        value=Decimal(value),
        evidence_link="https://example.edu.cn/evidence",
        entered_by=by,
    )


def full_plan(school, *, status: str = PlanStatus.DRAFT, **extra) -> Plan:
    """A plan with an area, a goal, a metric KPI, a manual KPI and a milestone."""
    plan = plan_of(school, status=status, **extra)
    goal = goal_of(plan)
    kpi_of(goal)
    kpi_of(goal, kind=KpiKind.MANUAL)
    milestone_of(goal)
    return plan
