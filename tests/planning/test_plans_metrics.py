"""The plans part's figures: values on a known data set (0 vs no data), the link lists the
counted rows, the query count is the same for 1 and many schools, and the report's section."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import metrics, reports
from core.choices import Role
from core.metrics import Period
from planning.choices_plans import KpiKind, PlanStatus
from tests.factories import SchoolFactory
from tests.planning.factories_plans import (
    current_first_year,
    goal_of,
    kpi_of,
    milestone_of,
    plan_of,
    value_of,
)

pytestmark = pytest.mark.django_db


def _school_with_a_plan(school):
    plan = plan_of(school, status=PlanStatus.APPROVED, first_year=current_first_year())
    late_goal = goal_of(plan, title="制度汇编")
    milestone_of(late_goal, due=timezone.localdate() - dt.timedelta(days=3), title="逾期节点")
    worse = goal_of(plan, title="资产数字化")
    value_of(kpi_of(worse, kind=KpiKind.MANUAL), "10")  # baseline 20: worse
    fine = goal_of(plan, title="食堂")
    value_of(kpi_of(fine, kind=KpiKind.MANUAL), "30")
    return plan


def test_values_and_no_data(school, other_school):
    _school_with_a_plan(school)
    period = Period.current_month()
    at_risk = metrics.get("planning.goals_at_risk").values([school.pk, other_school.pk], period)
    assert at_risk == {school.pk: 2}  # the other school has no approved plan: no data
    overdue = metrics.get("planning.milestones_overdue")
    assert overdue.values([school.pk, other_school.pk], period) == {
        school.pk: 1,
        other_school.pk: 0,
    }


def test_the_link_lists_the_counted_milestones(school, client, make_user):
    _school_with_a_plan(school)
    client.force_login(make_user(Role.DIRECTOR))
    period = Period.current_month()
    page = client.get(metrics.get("planning.milestones_overdue").link(period))
    assert page.status_code == 200
    assert "逾期节点" in page.content.decode()
    assert client.get(metrics.get("planning.goals_at_risk").link(period)).status_code == 200


def test_queries_do_not_grow_with_schools():
    def queries(count: int) -> int:
        ids = []
        for _n in range(count):
            school = SchoolFactory()
            _school_with_a_plan(school)
            kpi_of(goal_of(school.plan_set.get()))  # a metric KPI too
            ids.append(school.pk)
        with CaptureQueriesContext(connection) as captured:
            for key in ("planning.goals_at_risk", "planning.milestones_overdue"):
                metrics.get(key).values(ids, Period.current_month())
        return len(captured)

    assert queries(1) == queries(5)


def test_the_monthly_report_has_a_planning_section_with_goals_at_risk(school):
    _school_with_a_plan(school)
    content = reports.build(school, Period.current_month())
    section = next(s for s in content["sections"] if s["module"] == "planning")
    keys = {figure.metric.key for figure in section["figures"]}
    assert {"planning.goals_at_risk", "planning.milestones_overdue"} <= keys
    notable = next(n for n in section["notables"] if n["notable"].key == "planning.goals_at_risk")
    assert sorted(row[1] for row in notable["rows"]) == ["制度汇编", "资产数字化"]
