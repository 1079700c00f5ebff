"""Finance, purchase requests (issue 12, "Measured"):

1. 50 final approvals racing for one stop budget line with room for 10: exactly 10 succeed, the
   line never goes past its amount; the time the race takes.
2. 100,000 requests in one school: the approvals inbox (a head of department) and the purchase
   ledger (the director), page 1, filtered and deep: query counts (the same with 14 rows as with
   100,000: tests/finance/test_requests_pages.py asserts it) and p95; then 10 concurrent
   clients against gunicorn.
"""

from __future__ import annotations

import random
import time
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from finance.choices import ApprovalLevel, ProcurementMethod, RequestStatus
from finance.models import BudgetLine, PurchaseRequest
from tests.bench.report import Report, query_count, timed
from tests.factories import SchoolFactory
from tests.finance.factories import line_of, office
from tests.finance.test_requests_race import PRICE, at_final_approval, race

LEDGER_ROWS = 100_000
STATUSES = [
    (RequestStatus.PENDING, ApprovalLevel.HEAD),
    (RequestStatus.PENDING, ApprovalLevel.DIRECTOR),
    (RequestStatus.APPROVED, ""),
    (RequestStatus.DRAFT, ""),
    (RequestStatus.REJECTED, ""),
]


def measure(report: Report) -> None:
    _measure_race(report)
    _measure_lists(report)


def _measure_race(report: Report) -> None:
    crew, line, rows = at_final_approval(50, 10)
    started = time.perf_counter()
    outcomes = race(crew, rows)
    seconds = time.perf_counter() - started
    fresh = BudgetLine.objects.get(pk=line.pk)
    assert outcomes.count("approved") == 10 and fresh.available >= 0, (outcomes, fresh.available)
    report.add(
        "50 final approvals racing for a stop line with room for 10",
        f"{seconds * 1000:.0f} ms",
        f"{outcomes.count('approved')} approved, available {fresh.available} (never below 0), "
        f"committed {fresh.committed} = 10 × {PRICE}",
    )


def _bulk(school, crew, lines) -> None:
    pick = random.Random(12)
    today = timezone.localdate()
    now = timezone.now()
    batch = []
    for i in range(LEDGER_ROWS):
        status, level = STATUSES[i % len(STATUSES)]
        amount = Decimal(pick.choice(["350.00", "1800.00", "4200.00", "12500.00"]))
        batch.append(
            PurchaseRequest(
                school=school,
                number=f"CG-{today:%Y%m%d}-B{i:06d}",
                title=f"采购{i}",
                requested_by=crew["teacher"],
                department=crew["teacher"].department,
                budget_line=lines[i % len(lines)],
                reason="bench",
                status=status,
                level=level,
                levels=["head", "director"],
                round=1 if status != RequestStatus.DRAFT else 0,
                amount=amount,
                method=ProcurementMethod.QUOTES if amount >= 1000 else ProcurementMethod.DIRECT,
                submitted_at=now if status != RequestStatus.DRAFT else None,
                approved_at=now if status == RequestStatus.APPROVED else None,
            )
        )
        if len(batch) == 5000:
            PurchaseRequest.objects.bulk_create(batch)
            batch = []
    PurchaseRequest.objects.bulk_create(batch)


def _measure_lists(report: Report) -> None:
    school = SchoolFactory()
    crew = office(school)
    lines = [line_of(school, amount="10000000", name=f"预算{i}") for i in range(6)]
    started = time.perf_counter()
    _bulk(school, crew, lines)
    report.add(
        f"purchase requests: {LEDGER_ROWS} bulk-loaded",
        f"{time.perf_counter() - started:.0f} s",
        f"{PurchaseRequest.objects.count()} rows in total",
    )
    head, director = Client(), Client()
    head.force_login(crew["head"])
    director.force_login(crew["director"])
    for label, active, url in [
        ("approvals inbox (head), page 1", head, "/finance/requests/inbox/"),
        ("approvals inbox (director), page 50", director, "/finance/requests/inbox/?page=50"),
        ("purchase ledger page 1", director, "/finance/requests/"),
        (
            "ledger, pending + quotes + amount range",
            director,
            "/finance/requests/?status=pending&method=quotes&amount_min=1000&amount_max=5000",
        ),
        ("ledger page 1000", director, "/finance/requests/?page=1000"),
        ("API list page 1", director, "/api/v1/finance/requests/"),
    ]:
        assert active.get(url).status_code == 200, url
        queries = query_count(lambda url=url, active=active: active.get(url))
        median, p95 = timed(lambda url=url, active=active: active.get(url), repeat=20)
        report.add(
            f"{label} ({LEDGER_ROWS} requests)",
            f"{p95:.0f} ms p95",
            f"median {median:.0f} ms, {queries} queries",
        )
    _measure_concurrent(report, crew)


def _measure_concurrent(report: Report, crew) -> None:
    from tests.bench.server import get, hammer, serve, session_cookie

    head, director = session_cookie(crew["head"]), session_cookie(crew["director"])
    with serve(workers=4, threads=2) as address:
        for label, url, cookie in [
            ("approvals inbox", "/finance/requests/inbox/", head),
            ("purchase ledger", "/finance/requests/", director),
        ]:
            stats = hammer(address, get(url, cookie), clients=10, requests=200)
            report.add(
                f"{label}, 10 clients, {LEDGER_ROWS} requests (gunicorn)",
                f"{stats.p95:.0f} ms p95",
                stats.summary(),
            )
