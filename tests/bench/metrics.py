"""Metrics: the district comparison for 200 schools, and every metric of one big school.

1. 200 schools of one district, 20 repair requests and 10 assets each: the /district/ page
   (queries, time) and each metric computed for all 200 schools at once (queries per metric).
2. One school with 200,000 repair requests (tests/bench/repairs.py's filler) and 100,000 assets
   (tests/bench/assets.py's): each metric for last month and for the year (queries, time), and
   the twelve-month trend of requests filed.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assets.models import Asset, AssetCategory
from core import metrics
from core.choices import Role
from core.metrics import Period
from core.models import Building, Campus, Room, School, User
from repairs.choices import Category, Status
from repairs.models import RepairRequest
from tests.bench import assets as assets_bench
from tests.bench import repairs as repairs_bench
from tests.bench.report import Report, query_count, timed
from tests.factories import UserFactory

SCHOOLS = 200


def measure(report: Report) -> None:
    # The seeded schools enter no calendar: core.calendar says so once per school and read.
    logging.getLogger("core.calendar").setLevel(logging.ERROR)
    _measure_district(report)
    _measure_big_school(report)


# ---- 1. the district comparison ----
def _district_schools() -> list[School]:
    schools = School.objects.bulk_create(
        [
            School(name=f"滨江区第{i + 1}学校", code=f"bench-d{i}", district="滨江区")
            for i in range(SCHOOLS)
        ]
    )
    campuses = Campus.objects.bulk_create([Campus(school=s, name="校区") for s in schools])
    buildings = Building.objects.bulk_create(
        [
            Building(school=s, campus=c, code="A", name="教学楼")
            for s, c in zip(schools, campuses, strict=True)
        ]
    )
    rooms = Room.objects.bulk_create(
        [
            Room(school=s, building=b, code="101", name="教室")
            for s, b in zip(schools, buildings, strict=True)
        ]
    )
    reporter = UserFactory(school=schools[0], roles=[Role.TEACHER])
    now, requests, cards = timezone.now(), [], []
    for index, (school, room) in enumerate(zip(schools, rooms, strict=True)):
        category = AssetCategory.objects.create(
            school=school, code="2101", name="计算机设备", useful_life_years=6
        )
        for n in range(20 + index % 7):
            filed = now - dt.timedelta(hours=5 * n + index)
            requests.append(_request(school, room, reporter, filed, n))
        cards += [
            Asset(
                school=school,
                code=f"2101-{n:04d}",
                category=category,
                name="电脑",
                unit_price=Decimal(3000 + 100 * (index % 9)),
                purchase_date=dt.date(2022, 1 + n, 1),
                status="in_use",
            )
            for n in range(10)
        ]
    RepairRequest.objects.bulk_create(requests)
    Asset.objects.bulk_create(cards)
    return schools


def _request(school, room, reporter, filed, n) -> RepairRequest:
    done = n % 3 == 0
    return RepairRequest(
        school=school,
        number=f"BX-D{school.pk}-{n:04d}",
        category=Category.values[n % len(Category.values)],
        description="报修",
        room=room,
        reporter=reporter,
        filed_by=reporter,
        status=Status.CONFIRMED if done else Status.SUBMITTED,
        owner=reporter if done else None,
        respond_due_at=filed + dt.timedelta(hours=4),
        finish_due_at=filed + dt.timedelta(days=3),
        responded_at=filed + dt.timedelta(hours=1) if done else None,
        finished_at=filed + dt.timedelta(hours=20) if done else None,
        rating=(n % 5) + 1 if done else None,
    )


def _measure_district(report: Report) -> None:
    started = time.perf_counter()
    schools = _district_schools()
    report.add(f"district: {SCHOOLS} schools seeded", f"{time.perf_counter() - started:.0f} s")
    viewer = User.objects.create(username="bench-district")
    viewer.user_roles.create(role=Role.DISTRICT)
    viewer.district_schools.add(*schools)
    ids = [school.pk for school in schools]
    period = Period.current_month()
    for metric in metrics.all_metrics():
        queries = query_count(lambda metric=metric: metric.values(ids, period))
        median, _p95 = timed(lambda metric=metric: metric.values(ids, period), repeat=3)
        report.add(
            f"district {metric.key} ({SCHOOLS} schools)", f"{queries} queries", f"{median:.0f} ms"
        )
    client = Client()
    client.force_login(viewer)
    assert client.get("/district/").status_code == 200
    logging.getLogger("core.calendar").setLevel(
        logging.ERROR
    )  # the seeded schools have no calendar
    queries = query_count(lambda: client.get("/district/"))
    median, p95 = timed(lambda: client.get("/district/"), repeat=5)
    report.add(
        f"district page, {SCHOOLS} schools × {len(metrics.all_metrics())} metrics",
        f"{p95:.0f} ms p95",
        f"median {median:.0f} ms, {queries} queries",
    )


# ---- 2. one big school ----
def _filed(school, period) -> int:
    start, end = period.bounds()
    return RepairRequest.objects.filter(
        school=school, created_at__gte=start, created_at__lt=end
    ).count()


def _measure_big_school(report: Report) -> None:
    started = time.perf_counter()
    school, _user, _categories = assets_bench._seed()
    rooms = list(Room.objects.filter(school=school))
    teachers = list(User.objects.filter(school=school, user_roles__role=Role.TEACHER))
    workers = [UserFactory(school=school, roles=[Role.WORKER]) for _ in range(12)]
    repairs_bench._bulk_requests(school, rooms, teachers, workers)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE assets_asset")
    report.add(
        "big school: 100,000 assets + 200,000 requests seeded",
        f"{time.perf_counter() - started:.0f} s",
    )
    today = timezone.localdate()
    last_month, year = Period.current_month().previous(), Period.year(today.year)
    for label, period in (("last month", last_month), ("year", year)):
        for metric in metrics.all_metrics():
            # One call each: a year of the statistics' figures takes a minute (see below).
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                metric.value(school.pk, period)
                took = (time.perf_counter() - started) * 1000
            report.add(
                f"big school {metric.key} ({label})", f"{took:.0f} ms", f"{len(captured)} queries"
            )
        with CaptureQueriesContext(connection) as captured, metrics.shared():
            started = time.perf_counter()
            for metric in metrics.all_metrics():
                metric.value(school.pk, period)
            took = (time.perf_counter() - started) * 1000
        report.add(
            f"big school: all {len(metrics.all_metrics())} metrics ({label}, metrics.shared)",
            f"{took:.0f} ms",
            f"{len(captured)} queries, {_filed(school, period)} requests in the period",
        )
    trend = metrics.get("repairs.filed")
    year = metrics.last_twelve_months()
    queries = query_count(lambda: trend.trend(school.pk, year))
    median, _p95 = timed(lambda: trend.trend(school.pk, year), repeat=5)
    report.add(
        "big school repairs.filed trend, 12 months", f"{median:.0f} ms", f"{queries} queries"
    )
