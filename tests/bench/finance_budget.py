"""Finance, the budget (issue 12, "Measured"): 200 schools × 30 budget lines.

- budget execution of one school (30 lines: the page and its Excel export) and of the district
  (a district viewer reading 200 schools, 6,000 lines, first page): time and queries;
- the two budget metrics for 200 schools at once: queries (one grouped read each) and time;
- 50 final approvals racing for one "stop" line with room for exactly 10, through the budget
  service, each in its own connection: exactly 10 succeed, the line never passes its amount, time.
"""

from __future__ import annotations

import time
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.utils import timezone

from core import metrics
from core.choices import Role
from core.metrics import Period
from core.models import School, User, UserRole
from finance.choices import BudgetControl, EconomicCategory
from finance.models import BudgetLine, BudgetYear
from tests.bench.report import Report, query_count, timed

SCHOOLS, LINES = 200, 30


def measure(report: Report) -> None:
    year = timezone.localdate().year
    schools = _build(year)
    _measure_execution(report, schools, year)
    _measure_metrics(report, schools, year)
    _measure_race(report, schools[0])


def _build(year: int) -> list[School]:
    schools = School.objects.bulk_create(
        [School(name=f"预算测试学校{n}", code=f"bench-budget-{n}") for n in range(SCHOOLS)]
    )
    years = BudgetYear.objects.bulk_create([BudgetYear(school=s, year=year) for s in schools])
    categories = list(EconomicCategory.values)
    lines = []
    for budget_year in years:
        for n in range(LINES):
            amount = Decimal(10000 + 500 * n)
            lines.append(
                BudgetLine(
                    school_id=budget_year.school_id,
                    budget_year=budget_year,
                    category=categories[n % len(categories)],
                    name=f"预算线{n:02d}",
                    amount=amount,
                    committed=(amount * Decimal("0.2")).quantize(Decimal("0.01")),
                    spent=(amount * Decimal("0.35")).quantize(Decimal("0.01")),
                    control=BudgetControl.WARN if n % 4 == 0 else BudgetControl.STOP,
                )
            )
    BudgetLine.objects.bulk_create(lines, batch_size=2000)
    return schools


def _user(username: str, role: str, school: School | None) -> User:
    user = User.objects.create_user(username=username, password="x", school=school)
    UserRole.objects.create(user=user, role=role)
    return user


def _measure_execution(report: Report, schools: list[School], year: int) -> None:
    director = _user("bench-budget-director", Role.DIRECTOR, schools[0])
    viewer = _user("bench-budget-district", Role.DISTRICT, None)
    viewer.district_schools.add(*schools)
    url = f"/finance/budget/execution/?year={year}"
    for who, user, note in (
        ("one school, 30 lines", director, "all lines, totals by category, a chart per line"),
        (f"district, {SCHOOLS} schools × {LINES} lines", viewer, "first page of 500 lines"),
    ):
        client = Client()
        client.force_login(user)

        def page(client=client):
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        median, p95 = timed(page, repeat=10)
        report.add(
            f"finance budget execution page, {who}",
            f"{median:.0f} ms",
            f"p95 {p95:.0f} ms, {query_count(page)} queries; {note}",
        )
    client = Client()
    client.force_login(director)

    def export():
        response = client.get(url + "&export=xlsx")
        b"".join(response.streaming_content)

    median, p95 = timed(export, repeat=5)
    report.add(
        "finance budget execution export, one school",
        f"{median:.0f} ms",
        f"p95 {p95:.0f} ms, {query_count(export)} queries (lines sheet and totals sheet)",
    )


def _measure_metrics(report: Report, schools: list[School], year: int) -> None:
    ids = [s.pk for s in schools]
    period = Period.year(year)
    for key in ("finance.budget_execution", "finance.committed"):
        metric = metrics.get(key)
        median, _p95 = timed(lambda metric=metric: metric.values(ids, period), repeat=10)
        one = query_count(lambda metric=metric: metric.values(ids[:1], period))
        report.add(
            f"metric {key}, {SCHOOLS} schools × {LINES} lines",
            f"{median:.1f} ms",
            f"{query_count(lambda metric=metric: metric.values(ids, period))} queries "
            f"({one} for one school)",
        )


def _measure_race(report: Report, school: School) -> None:
    from finance.models import PurchaseRequest
    from tests.finance.test_budget_race import EACH, RACERS, ROOM, race

    requester = _user("bench-budget-teacher", Role.TEACHER, school)
    approver = _user("bench-budget-principal", Role.PRINCIPAL, school)
    line = BudgetLine.objects.create(
        school=school,
        budget_year=BudgetYear.objects.get(school=school),
        category=EconomicCategory.OFFICE_EQUIPMENT,
        name="抢预算",
        amount=EACH * ROOM,
    )
    requests = PurchaseRequest.objects.bulk_create(
        [
            PurchaseRequest(
                school=school,
                number=f"CG-BENCH-{n:03d}",
                title="办公设备",
                requested_by=requester,
                budget_line=line,
                reason="bench",
                amount=EACH,
            )
            for n in range(RACERS)
        ]
    )
    connection.close()  # the racers open their own connections
    started = time.perf_counter()
    outcomes, seconds = race(line, requests, approver)
    line.refresh_from_db()
    assert outcomes.count("ok") == ROOM and line.available >= 0, (outcomes, line.available)
    report.add(
        f"finance budget race, {RACERS} final approvals for room of {ROOM}",
        f"{seconds * 1000:.0f} ms",
        f"{outcomes.count('ok')} committed, {RACERS - outcomes.count('ok')} refused, "
        f"available {line.available} (never below 0); total {time.perf_counter() - started:.2f} s",
    )
