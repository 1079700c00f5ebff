"""The monthly KPI snapshot (idempotent, each metric once for all schools) and the overdue
milestone notices (each milestone told once, in-app, by e-mail and to the robots)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.choices import Role
from core.metrics import Period
from core.models import Notification, Robot, RobotMessage
from planning.choices_plans import KpiKind, PlanStatus
from planning.models import KpiSnapshot, Milestone
from planning.services.plan_tasks import kpis_snapshot, milestones_notify_overdue
from planning.tasks import notify_overdue_milestones, snapshot_kpis
from tests.factories import SchoolFactory, UserFactory
from tests.planning.factories_plans import goal_of, kpi_of, milestone_of, plan_of, value_of

pytestmark = pytest.mark.django_db
MONTH = Period.month(2026, 10)


def _approved(school, kpis: int = 2):
    plan = plan_of(school, status=PlanStatus.APPROVED, first_year=2026)
    goal = goal_of(plan)
    made = []
    for n in range(kpis):
        made.append(kpi_of(goal, name=f"过期器材{n}"))
        made.append(kpi_of(goal, kind=KpiKind.MANUAL, name=f"数字化{n}"))
    return made


def test_a_snapshot_stores_each_kpi_once(school):
    metric, manual = _approved(school, kpis=1)
    value_of(manual, "33", on=dt.date(2026, 10, 20))
    value_of(manual, "99", on=dt.date(2026, 11, 2))  # after the month: not its value
    assert kpis_snapshot(month=MONTH) == 2
    assert kpis_snapshot(month=MONTH) == 0  # a second run adds nothing
    stored = dict(KpiSnapshot.objects.values_list("kpi_id", "value"))
    assert stored == {metric.pk: Decimal(0), manual.pk: Decimal(33)}
    assert KpiSnapshot.objects.get(kpi=manual).month == dt.date(2026, 10, 1)


def test_a_kpi_without_data_is_snapshotted_as_no_data(school):
    _metric, manual = _approved(school, kpis=1)
    kpis_snapshot(month=MONTH)
    assert KpiSnapshot.objects.get(kpi=manual).value is None


def test_drafts_and_plans_of_other_periods_are_not_snapshotted(school):
    goal_of(plan_of(school, first_year=2026))  # a draft
    old = plan_of(school, status=PlanStatus.APPROVED, first_year=2020)
    kpi_of(goal_of(old))
    assert kpis_snapshot(month=MONTH) == 0


def test_the_snapshot_computes_each_metric_once_whatever_the_schools():
    def queries(schools: int) -> int:
        for _n in range(schools):
            _approved(SchoolFactory(), kpis=2)
        KpiSnapshot.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            kpis_snapshot(month=MONTH)
        return len(captured)

    few = queries(1)
    assert queries(6) == few


def test_the_task_snapshots_last_month_by_default(school):
    _approved(school, kpis=1)
    assert snapshot_kpis("2026-10") == 2
    assert snapshot_kpis.name == "planning.snapshot_kpis"


def test_an_overdue_milestone_is_told_once(school):
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    owner = UserFactory(school=school, roles=[Role.LOGISTICS])
    Robot.objects.create(
        school=school,
        name="总务群",
        kind="wecom",
        webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
        events=["plan_milestone_overdue"],
    )
    plan = plan_of(school, status=PlanStatus.APPROVED, first_year=2026)
    goal = goal_of(plan)
    late = milestone_of(goal, due=timezone.localdate() - dt.timedelta(days=2), owner=owner)
    milestone_of(goal, due=timezone.localdate() + dt.timedelta(days=2))  # not yet due
    milestone_of(goal_of(plan_of(school)), due=dt.date(2020, 1, 1))  # a draft's
    assert milestones_notify_overdue() == 1
    assert notify_overdue_milestones() == 0  # the second run tells nobody
    told = Notification.objects.filter(title__contains=late.title)
    assert set(told.values_list("recipient", flat=True)) == {director.pk, owner.pk}
    assert RobotMessage.objects.filter(event="plan_milestone_overdue").count() == 1
    assert Milestone.objects.get(pk=late.pk).notified_at is not None
