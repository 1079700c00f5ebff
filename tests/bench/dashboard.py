"""The principal's dashboard (/dashboard/, every metric, trends, breakdowns) of one big school.

The school: 200,000 repair requests over two years (tests/bench/repairs.py's filler), 100,000
assets (tests/bench/assets.py's) and a year of daily safety rounds in 100 places (36,500 rounds,
most done). The stored working hours are filled as migration 0008 does (repairs.durations), and
that backfill is timed. Then: the page's query count for a month and a year, and its median and
p95 under gunicorn at 1 and 10 concurrent clients (the figures' cache off, then on).
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from core.choices import Role
from core.metrics import Period
from core.models import Room, User
from repairs import durations
from repairs.models import RepairRequest
from safety.choices import Frequency, PlaceScope, TaskStatus
from safety.models import InspectionTask, InspectionTemplate
from tests.bench import assets as assets_bench
from tests.bench import repairs as repairs_bench
from tests.bench.report import Report, query_count
from tests.bench.server import get, hammer, serve, session_cookie
from tests.factories import UserFactory

PLACES, DAYS = 100, 365
REQUESTS = {1: 10, 10: 60}  # requests sent per number of clients


def measure(report: Report) -> None:
    # The seeded school enters no calendar: core.calendar says so once per calendar read.
    logging.getLogger("core.calendar").setLevel(logging.ERROR)
    school = _seed(report)
    principal = UserFactory(school=school, roles=[Role.PRINCIPAL], username="bench-principal")
    today = timezone.localdate()
    periods = {
        "month": Period.current_month().previous().code,
        "year": str(today.year),
    }
    for cached in (False, True):
        _measure(report, principal, periods, cached)


def _seed(report: Report):
    started = time.perf_counter()
    school, _user, _categories = assets_bench._seed()
    rooms = list(Room.objects.filter(school=school))
    teachers = list(User.objects.filter(school=school, user_roles__role=Role.TEACHER))
    workers = [UserFactory(school=school, roles=[Role.WORKER]) for _ in range(12)]
    repairs_bench._bulk_requests(school, rooms, teachers, workers)
    _year_of_rounds(school, rooms[:PLACES])
    report.add(
        "dashboard school: 100,000 assets + 200,000 requests + a year of rounds seeded",
        f"{time.perf_counter() - started:.0f} s",
    )
    started = time.perf_counter()
    changed = durations.recompute(RepairRequest.objects.filter(school=school))
    report.add(
        "stored working hours backfilled (migration 0008's function)",
        f"{time.perf_counter() - started:.0f} s",
        f"{changed} requests, batches of {durations.BATCH}",
    )
    with connection.cursor() as cursor:
        for table in ("assets_asset", "repairs_repairrequest", "safety_inspectiontask"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return school


def _year_of_rounds(school, rooms) -> None:
    template = InspectionTemplate.objects.create(
        school=school,
        name="日常巡查",
        frequency=Frequency.DAILY,
        runs_in_holidays=True,
        applies_to=PlaceScope.ROOM_TYPES,
        room_types=[],
        is_active=True,
    )
    today = timezone.localdate()
    batch = []
    for back in range(DAYS):
        day = today - dt.timedelta(days=back)
        due = timezone.make_aware(dt.datetime.combine(day, dt.time(17)))
        for index, room in enumerate(rooms):
            done = (back + index) % 10 != 0  # one round in ten missed
            batch.append(
                InspectionTask(
                    school=school,
                    template=template,
                    room=room,
                    due_date=day,
                    due_by=due,
                    status=TaskStatus.DONE if done else TaskStatus.OPEN,
                    completed_at=due - dt.timedelta(hours=index % 9) if done else None,
                )
            )
    InspectionTask.objects.bulk_create(batch, batch_size=5000)


def _measure(report: Report, principal, periods: dict[str, str], cached: bool) -> None:
    seconds = settings.DASHBOARD_CACHE_SECONDS if cached else 0
    label = "cached figures" if cached else "no cache"
    client = Client()
    client.force_login(principal)
    with override_settings(DASHBOARD_CACHE_SECONDS=seconds):
        queries = {
            name: query_count(lambda code=code: client.get(f"/dashboard/?period={code}"))
            for name, code in periods.items()
        }
    with serve(extra_env={"DASHBOARD_CACHE_SECONDS": str(seconds)}) as address:
        cookie = session_cookie(principal)
        for name, code in periods.items():
            # Each gunicorn worker's first page loads templates and translations: not measured.
            hammer(address, get(f"/dashboard/?period={code}", cookie), clients=5, requests=10)
            for clients, requests in REQUESTS.items():
                stats = hammer(
                    address,
                    get(f"/dashboard/?period={code}", cookie),
                    clients=clients,
                    requests=requests,
                )
                report.add(
                    f"dashboard, {name} ({label}), {clients} client{'s' if clients > 1 else ''}",
                    f"{stats.p95:.0f} ms p95",
                    f"{stats.summary()}, {queries[name]} queries (first load)",
                )
