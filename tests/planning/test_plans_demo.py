"""The demo school's three-year plan: approved, in its second year, with live values, manual
values with evidence, milestones done and snapshots; seeding twice changes nothing."""

import pytest

from core.demo import seed_demo_school
from planning.choices_plans import KpiKind, PlanStatus
from planning.demo_plans import seed
from planning.models import Kpi, KpiSnapshot, KpiValue, Milestone, Plan, PlanArea
from planning.selectors_plans import plan_outline

pytestmark = pytest.mark.django_db


def test_the_demo_plan_is_approved_and_seeding_twice_changes_nothing():
    school = seed_demo_school()
    models = [Plan, PlanArea, Kpi, KpiValue, Milestone, KpiSnapshot]
    counts = [m.objects.count() for m in models]
    seed()
    assert [m.objects.count() for m in models] == counts
    plan = Plan.objects.get(school=school)
    assert plan.status == PlanStatus.APPROVED and plan.approved_by.username == "principal"
    assert PlanArea.objects.filter(plan=plan).count() == 6
    assert Kpi.objects.filter(plan=plan, kind=KpiKind.METRIC).count() >= 7
    manual = Kpi.objects.filter(plan=plan, kind=KpiKind.MANUAL)
    assert KpiValue.objects.filter(kpi__in=manual).count() == manual.count()
    assert (
        KpiSnapshot.objects.filter(plan=plan).count() == 3 * Kpi.objects.filter(plan=plan).count()
    )
    goals = [goal for area in plan_outline(plan) for goal in area.goals]
    assert {goal.state for goal in goals} - {"not_started"}  # some goals have moved
