"""The plan page and the API: building a draft, the refusals a writer sees, the steps, who reads
what, the live value beside the snapshot, and a query count that does not grow with the KPIs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.choices import Role
from planning.choices_plans import KpiKind, PlanStatus
from planning.models import Goal, Kpi, KpiSnapshot, Milestone, Plan, PlanArea, PlanRevision
from tests.factories import UserFactory
from tests.helpers import count_queries
from tests.planning.factories_plans import (
    current_first_year,
    full_plan,
    goal_of,
    kpi_of,
    plan_of,
    value_of,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _kpi_post(goal, **extra):
    data = {
        "goal": goal.pk,
        "name": "按时完工率",
        "kind": "metric",
        "metric_key": "repairs.sla_percent",
        "window": "month",
        "direction": "higher",
        "baseline": "80",
        "target_year1": "85",
        "target_year2": "90",
        "target_year3": "95",
    }
    data.update(extra)
    return data


def test_the_director_builds_and_submits_a_plan_on_the_page(school, make_user):
    director, principal = make_user(Role.DIRECTOR), make_user(Role.PRINCIPAL)
    web = _client(director)
    made = web.post(reverse("planning:plan_add"), {"title": "三年规划", "first_year": 2026})
    plan = Plan.objects.get()
    assert made.status_code == 302 and made.url == plan.get_absolute_url()

    def add(part, data):
        url = reverse("planning:plan_part_add", args=[plan.pk, part])
        return web.post(url, {f"{part}-{key}": value for key, value in data.items()})

    assert add("area", {"name": "服务质量"}).status_code == 302
    area = PlanArea.objects.get()
    assert add("goal", {"area": area.pk, "title": "报修及时处理"}).status_code == 302
    goal = Goal.objects.get()
    unknown = add("kpi", _kpi_post(goal, metric_key="finance.budget_nope"))
    assert unknown.status_code == 400 and "finance.budget_nope" in unknown.content.decode()
    backwards = add("kpi", _kpi_post(goal, target_year2="70"))
    assert backwards.status_code == 400 and 'data-testid="error-kpi-target_year2"' in (
        backwards.content.decode()
    )
    assert Kpi.objects.count() == 0
    assert add("kpi", _kpi_post(goal)).status_code == 302
    due = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    assert (
        add("milestone", {"goal": goal.pk, "title": "修订报修制度", "due": due}).status_code == 302
    )
    step = web.post(reverse("planning:plan_step", args=[plan.pk, "submit"]))
    assert step.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    approve = _client(principal).post(reverse("planning:plan_step", args=[plan.pk, "approve"]))
    assert approve.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approved_by) == (PlanStatus.APPROVED, principal)


def test_a_frozen_plan_refuses_a_change_without_a_reason(school, make_user):
    director = make_user(Role.DIRECTOR)
    plan = full_plan(school, status=PlanStatus.APPROVED)
    web = _client(director)
    url = reverse("planning:plan_part_add", args=[plan.pk, "area"])
    refused = web.post(url, {"area-name": "信息化"})
    assert refused.status_code == 409
    assert PlanArea.objects.filter(plan=plan).count() == 1
    revised = web.post(url, {"area-name": "信息化", "area-reason": "区教育局新增信息化要求"})
    assert revised.status_code == 302
    page = web.get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="revision"' in page and "区教育局新增信息化要求" in page
    assert PlanRevision.objects.get().actor == director


def test_who_reads_which_plan(school, other_school, make_user):
    draft, approved = full_plan(school), full_plan(school, status=PlanStatus.APPROVED)
    teacher = make_user(Role.TEACHER)
    director = make_user(Role.DIRECTOR)
    assert _client(teacher).get(draft.get_absolute_url()).status_code == 404
    assert _client(teacher).get(approved.get_absolute_url()).status_code == 200
    assert _client(director).get(draft.get_absolute_url()).status_code == 200
    listed = _client(teacher).get(reverse("planning:plan_list")).content.decode()
    assert approved.title in listed and draft.title not in listed
    district = UserFactory(school=None, roles=[Role.DISTRICT])
    district.district_schools.add(school)
    assert _client(district).get(approved.get_absolute_url()).status_code == 200
    assert _client(district).get(draft.get_absolute_url()).status_code == 404
    stranger = make_user(Role.DIRECTOR, school_=other_school)
    assert _client(stranger).get(approved.get_absolute_url()).status_code == 404
    teacher_add = _client(teacher).post(
        reverse("planning:plan_part_add", args=[approved.pk, "area"]), {"name": "x", "reason": "y"}
    )
    assert teacher_add.status_code == 403


def test_the_page_shows_no_data_and_the_live_value_beside_the_snapshot(school, make_user):
    plan = plan_of(school, status=PlanStatus.APPROVED, first_year=current_first_year())
    goal = goal_of(plan)
    manual = kpi_of(goal, kind=KpiKind.MANUAL, name="资产数字化率")
    empty = kpi_of(goal, kind=KpiKind.MANUAL, name="满意度")
    value_of(manual, "35")
    KpiSnapshot.objects.create(
        school=school, plan=plan, kpi=manual, month=dt.date(2026, 10, 1), value=Decimal(30)
    )
    page = _client(make_user(Role.TEACHER)).get(plan.get_absolute_url()).content.decode()
    row = page[page.index(f'id="kpi-{manual.pk}"') :]
    assert "35" in row[: row.index("</tr>")] and "2026-10: 30" in row[: row.index("</tr>")]
    assert "75%" in row[: row.index("</tr>")]  # (35 − 20) / (40 − 20): the first year target
    blank = page[page.index(f'id="kpi-{empty.pk}"') :]
    blank = blank[: blank.index("</tr>")]
    assert "0%" not in blank and blank.count('class="muted"') >= 2


def test_the_plan_page_queries_do_not_grow_with_kpis_or_values(school, make_user):
    reader = make_user(Role.DIRECTOR)

    def plan_with(kpis: int) -> Plan:
        plan = plan_of(school, status=PlanStatus.APPROVED, first_year=current_first_year() + kpis)
        goal = goal_of(plan)
        for n in range(kpis):
            metric = kpi_of(goal, name=f"指标{n}")
            manual = kpi_of(goal, kind=KpiKind.MANUAL, name=f"人工{n}")
            for month in range(1, 4):
                value_of(manual, str(20 + month), by=reader)
                for kpi in (metric, manual):
                    KpiSnapshot.objects.create(
                        school=school, plan=plan, kpi=kpi, month=dt.date(2026, month, 1)
                    )
        milestone_goal = goal_of(plan, title="里程碑目标")
        for n in range(kpis):
            Milestone.objects.create(
                school=school, plan=plan, goal=milestone_goal, title=f"节点{n}", due=dt.date.today()
            )
        return plan

    client = _client(reader)
    small, big = plan_with(1), plan_with(8)
    assert count_queries(client, small.get_absolute_url()) == count_queries(
        client, big.get_absolute_url()
    )


def test_the_api_builds_refuses_and_steps(school, make_user):
    director, principal = make_user(Role.DIRECTOR), make_user(Role.PRINCIPAL)
    api = _api(director)
    made = api.post(
        reverse("planning-api:plan-list"), {"title": "三年规划", "first_year": 2027}, format="json"
    )
    assert made.status_code == 201
    plan = Plan.objects.get(pk=made.json()["id"])
    area = PlanArea.objects.create(school=school, plan=plan, name="安全")
    goal = api.post(
        reverse("planning-api:goal-list"),
        {"plan": plan.pk, "area": area.pk, "title": "消防器材在有效期内"},
        format="json",
    )
    assert goal.status_code == 201
    kpis = reverse("planning-api:kpi-list")
    body = {**_kpi_post(Goal.objects.get(), metric_key="planning.nope"), "plan": plan.pk}
    unknown = api.post(kpis, body, format="json")
    assert unknown.status_code == 400 and "metric_key" in unknown.json()["fields"]
    same = api.post(
        kpis,
        {**body, "metric_key": "", "kind": "manual", "target_year1": "80"},
        format="json",
    )
    assert same.status_code == 400 and "target_year1" in same.json()["fields"]
    ok = api.post(kpis, {**body, "metric_key": "repairs.sla_percent"}, format="json")
    assert ok.status_code == 201 and ok.json()["live"] is None  # no repairs: no data, not 0
    submitted = api.post(reverse("planning-api:plan-submit", args=[plan.pk]))
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    wrong = api.post(reverse("planning-api:plan-approve", args=[plan.pk]))
    assert wrong.status_code == 403
    approved = _api(principal).post(reverse("planning-api:plan-approve", args=[plan.pk]))
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    kpi_url = reverse("planning-api:kpi-detail", args=[ok.json()["id"]])
    frozen = api.patch(kpi_url, {"target_year3": "99"}, format="json")
    assert frozen.status_code == 409 and frozen.json()["code"] == "plan_frozen"
    revised = api.patch(kpi_url, {"target_year3": "99", "reason": "提高要求"}, format="json")
    assert revised.status_code == 200 and PlanRevision.objects.filter(plan=plan).count() == 1


def test_the_api_records_manual_values_and_milestones_done(school, make_user):
    director = make_user(Role.DIRECTOR)
    plan = full_plan(school, status=PlanStatus.APPROVED)
    manual = Kpi.objects.get(plan=plan, kind=KpiKind.MANUAL)
    api = _api(director)
    values = reverse("planning-api:kpivalue-list")
    today = timezone.localdate().isoformat()
    bare = api.post(values, {"kpi": manual.pk, "measured_on": today, "value": "30"}, format="json")
    assert bare.status_code == 400 and "evidence_file" in bare.json()["fields"]
    linked = api.post(
        values,
        {"kpi": manual.pk, "measured_on": today, "value": "30", "evidence_link": "https://x.cn"},
        format="json",
    )
    assert linked.status_code == 201 and linked.json()["entered_by"] == director.pk
    step = Milestone.objects.get(plan=plan)
    done = api.post(
        reverse("planning-api:milestone-done", args=[step.pk]),
        {"evidence": "普查表"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["done_by"] == director.pk
    teacher = _api(make_user(Role.TEACHER))
    assert teacher.get(reverse("planning-api:kpi-list")).json()["count"] == 2
    again = teacher.post(
        reverse("planning-api:milestone-done", args=[step.pk]), {"evidence": "x"}, format="json"
    )
    assert again.status_code in (403, 404)


def test_live_values_are_kept_per_school_while_the_dashboard_keeps_its_figures(
    school, other_school, make_user, settings
):
    from django.core.cache import cache

    cache.clear()
    settings.DASHBOARD_CACHE_SECONDS = 60
    plans = []
    for each in (school, other_school):
        plan = plan_of(each, status=PlanStatus.APPROVED, first_year=current_first_year())
        kpi_of(goal_of(plan))  # safety.fire_expired
        plans.append(plan)
    client = _client(make_user(Role.DIRECTOR))
    url = plans[0].get_absolute_url()
    first, again = count_queries(client, url), count_queries(client, url)
    assert again < first  # the metric's query is not run again
    other = _client(make_user(Role.DIRECTOR, school_=other_school))
    assert count_queries(other, plans[1].get_absolute_url()) == first  # its own computation
