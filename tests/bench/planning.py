"""Planning, the plans part (issue 13, "Measured"):

- the plan page of a plan of 60 KPIs (40 read from the registry's metrics, 20 manual with a
  year of values) for the demo school (a year of records of every module): queries — the same
  for 6 KPIs, constant per KPI kind — and time;
- the monthly KPI snapshot for 200 schools with an approved plan of 30 KPIs each: time and
  queries (each metric computed once for all schools), and the second run (adds nothing).
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from decimal import Decimal

from django.test import Client, override_settings

from core.choices import Role
from core.demo import seed_demo_school
from core.metrics import Period
from core.models import School, User, UserRole
from planning.choices_plans import Direction, KpiKind, KpiWindow, PlanStatus
from planning.models import Goal, Kpi, KpiSnapshot, KpiValue, Milestone, Plan, PlanArea
from planning.services.plan_tasks import kpis_snapshot
from tests.bench.report import Report, query_count, timed

SCHOOLS = 200
MONTH = Period.month(2026, 10)
FIRST_YEAR = 2025


def measure(report: Report) -> None:
    school = seed_demo_school()
    director = User.objects.get(username="director")
    big = _plan(school, FIRST_YEAR - 1, metric_kpis=40, manual_kpis=20, by=director)
    small = _plan(school, FIRST_YEAR - 2, metric_kpis=4, manual_kpis=2, by=director)
    client = Client()
    client.force_login(director)
    url_big, url_small = big.get_absolute_url(), small.get_absolute_url()
    assert client.get(url_big).status_code == 200
    with override_settings(DASHBOARD_CACHE_SECONDS=0):
        queries_big = query_count(lambda: client.get(url_big))
        queries_small = query_count(lambda: client.get(url_small))
        median, p95 = timed(lambda: client.get(url_big), repeat=5)
    distinct = {(k.metric_key, k.window) for k in Kpi.objects.filter(plan=big, kind="metric")}
    report.add(
        "planning plan page, 60 KPIs (40 metric, 20 manual, 12 values and snapshots each)",
        f"{median:.0f} ms",
        f"p95 {p95:.0f} ms, every metric computed; {queries_big} queries (6 KPIs: "
        f"{queries_small}): {len(distinct)} (metric, window) pairs, each computed once",
    )
    warm_median, warm_p95 = timed(lambda: client.get(url_big), repeat=10)
    report.add(
        "planning plan page, 60 KPIs, opened again within DASHBOARD_CACHE_SECONDS",
        f"{warm_median:.0f} ms",
        f"p95 {warm_p95:.0f} ms; {query_count(lambda: client.get(url_big))} queries "
        "(the live values from the cache)",
    )
    _measure_snapshot(report)


def _metric_keys() -> list[tuple[str, str]]:
    from core import metrics

    return [(m.key, m.direction) for m in metrics.all_metrics() if m.module != "planning"]


def _targets(direction: str) -> dict[str, Decimal]:
    step = Decimal(1) if direction == Direction.HIGHER else Decimal(-1)
    return {
        "baseline": Decimal(50),
        "target_year1": 50 + step * 5,
        "target_year2": 50 + step * 10,
        "target_year3": 50 + step * 15,
    }


def _plan(school: School, first_year: int, *, metric_kpis: int, manual_kpis: int, by: User) -> Plan:
    plan = Plan.objects.create(
        school=school, title=f"压测规划{first_year}", first_year=first_year, status="approved"
    )
    areas = [
        PlanArea.objects.create(school=school, plan=plan, name=name, position=n)
        for n, name in enumerate(["制度建设", "信息化", "服务质量", "安全", "食堂", "资产"])
    ]
    goals = Goal.objects.bulk_create(
        [
            Goal(school=school, plan=plan, area=areas[n % 6], title=f"目标{n}", position=n)
            for n in range(12)
        ]
    )
    keys = itertools.cycle(_metric_keys())
    kpis = []
    for n in range(metric_kpis + manual_kpis):
        metric = n < metric_kpis
        key, direction = next(keys) if metric else ("", Direction.HIGHER)
        kpis.append(
            Kpi(
                school=school,
                plan=plan,
                goal=goals[n % 12],
                name=f"指标{n}",
                kind=KpiKind.METRIC if metric else KpiKind.MANUAL,
                metric_key=key,
                window=KpiWindow.TWELVE_MONTHS if n % 2 else KpiWindow.MONTH,
                direction=direction,
                position=n,
                **_targets(direction),
            )
        )
    kpis = Kpi.objects.bulk_create(kpis)
    months = [dt.date(2025, 11, 1) + dt.timedelta(days=31 * m) for m in range(12)]
    KpiValue.objects.bulk_create(
        [
            KpiValue(
                school=school,
                plan=plan,
                kpi=kpi,
                measured_on=month.replace(day=15),
                value=Decimal(50 + m),
                evidence_link="https://example.edu.cn/e",
                entered_by=by,
            )
            for kpi in kpis
            if kpi.kind == KpiKind.MANUAL
            for m, month in enumerate(months)
        ]
    )
    KpiSnapshot.objects.bulk_create(
        [
            KpiSnapshot(
                school=school, plan=plan, kpi=kpi, month=month.replace(day=1), value=Decimal(m)
            )
            for kpi in kpis
            for m, month in enumerate(months)
        ]
    )
    Milestone.objects.bulk_create(
        [
            Milestone(
                school=school,
                plan=plan,
                goal=goals[n % 12],
                title=f"节点{n}",
                due=dt.date(2026, 1 + n % 12, 10),
            )
            for n in range(24)
        ]
    )
    return plan


def _measure_snapshot(report: Report) -> None:
    schools = School.objects.bulk_create(
        [School(name=f"压测学校规划{i}", code=f"bench-plan-{i}") for i in range(SCHOOLS)]
    )
    users = User.objects.bulk_create(
        [User(username=f"bench-plan-{s.pk}", school=s, last_name="王") for s in schools]
    )
    UserRole.objects.bulk_create([UserRole(user=u, role=Role.DIRECTOR) for u in users])
    for school, user in zip(schools, users, strict=True):
        _small_plan(school, user)
    kpis = Kpi.objects.filter(plan__school__in=schools).count()
    for label in ("first run", "second run (nothing new)"):
        start = time.perf_counter()
        queries = query_count(lambda: _snapshot_counted())
        elapsed = time.perf_counter() - start
        report.add(
            f"planning monthly KPI snapshot, {SCHOOLS} schools, {label}",
            f"{elapsed * 1000:.0f} ms",
            f"{queries} queries for {kpis} KPIs of {SCHOOLS} plans; "
            f"{KpiSnapshot.objects.filter(month=MONTH.start).count()} snapshots stored",
        )


def _snapshot_counted() -> int:
    return kpis_snapshot(month=MONTH)


def _small_plan(school: School, user: User) -> None:
    """30 KPIs: 20 over the registry's metrics, 10 manual with a value each."""
    plan = Plan.objects.create(
        school=school, title="三年规划", first_year=FIRST_YEAR, status=PlanStatus.APPROVED
    )
    area = PlanArea.objects.create(school=school, plan=plan, name="安全")
    goal = Goal.objects.create(school=school, plan=plan, area=area, title="目标")
    keys = itertools.cycle(_metric_keys())
    kpis = []
    for n in range(30):
        metric = n < 20
        key, direction = next(keys) if metric else ("", Direction.HIGHER)
        kpis.append(
            Kpi(
                school=school,
                plan=plan,
                goal=goal,
                name=f"指标{n}",
                kind=KpiKind.METRIC if metric else KpiKind.MANUAL,
                metric_key=key,
                direction=direction,
                **_targets(direction),
            )
        )
    made = Kpi.objects.bulk_create(kpis)
    KpiValue.objects.bulk_create(
        [
            KpiValue(
                school=school,
                plan=plan,
                kpi=kpi,
                measured_on=dt.date(2026, 10, 10),
                value=Decimal(55),
                evidence_link="https://example.edu.cn/e",
                entered_by=user,
            )
            for kpi in made
            if kpi.kind == KpiKind.MANUAL
        ]
    )
