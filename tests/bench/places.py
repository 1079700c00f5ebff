"""Places: the generic list (HTML and API) and the Excel export on many rooms."""

from __future__ import annotations

import io
import time
import tracemalloc

from django.test import Client
from openpyxl import Workbook

from core.choices import Role
from core.models import Room
from tests.bench.report import Report, query_count, timed
from tests.factories import BuildingFactory, SchoolFactory, UserFactory

ROOMS = 20_000


def measure(report: Report) -> None:
    school = SchoolFactory()
    user = UserFactory(school=school, roles=[Role.LOGISTICS])
    buildings = [BuildingFactory(school=school, campus__school=school) for _ in range(20)]
    Room.objects.bulk_create(
        [
            Room(
                school=school,
                building=buildings[i % 20],
                code=f"{i:05d}",
                name=f"场室{i}",
                floor=i % 6 + 1,
            )
            for i in range(ROOMS)
        ],
        batch_size=5000,
    )
    client = Client()
    client.force_login(user)
    last_page = ROOMS // 50
    for label, url in [
        ("rooms list, page 1", "/places/rooms/"),
        (f"rooms list, page {last_page}", f"/places/rooms/?page={last_page}"),
        ("rooms API, page 1", "/api/v1/core/rooms/"),
        (f"rooms API, page {last_page}", f"/api/v1/core/rooms/?page={last_page}"),
    ]:
        queries = query_count(lambda url=url: client.get(url))
        median, p95 = timed(lambda url=url: client.get(url), repeat=30)
        report.add(
            f"{label} ({ROOMS} rooms)", f"{median:.1f} ms", f"p95 {p95:.1f} ms, {queries} queries"
        )
    _measure_export(report, client)
    _measure_concurrent(report, user, last_page)


def _measure_concurrent(report: Report, user, last_page: int) -> None:
    from tests.bench.server import get, hammer, serve, session_cookie

    cookie = session_cookie(user)
    with serve() as address:
        for clients in (1, 10):
            for page in (1, last_page):
                stats = hammer(
                    address,
                    get(f"/places/rooms/?page={page}", cookie),
                    clients=clients,
                    requests=100,
                )
                report.add(
                    f"rooms list page {page}, {clients} clients (gunicorn)",
                    f"{stats.p95:.0f} ms p95",
                    stats.summary(),
                )


def _measure_export(report: Report, client: Client) -> None:
    from django.conf import settings

    settings.EXPORT_INLINE_MAX_ROWS = ROOMS + 1
    url = "/places/rooms/?export=xlsx"
    start = time.perf_counter()
    queries = query_count(lambda: b"".join(client.get(url).streaming_content))
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    b"".join(client.get(url).streaming_content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report.add(
        f"rooms export, {ROOMS} rows",
        f"{elapsed:.2f} s",
        f"{queries} queries; peak {peak / 2**20:.0f} MiB Python heap (second run, traced)",
    )
    start = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    paths = ("building__name", "code", "name", "floor", "room_type", "area")
    for row in Room.objects.values_list(*paths).iterator(chunk_size=2000):
        sheet.append(row)
    workbook.save(io.BytesIO())
    bare = time.perf_counter() - start
    report.add(
        f"bare openpyxl write-only, {ROOMS} rows",
        f"{bare:.2f} s",
        f"same query, no formats; export/bare = {elapsed / bare:.2f}x",
    )
