"""Assets: the ledger list (HTML and API) and the ledger export on 100,000 asset cards.

Prints query counts, in-process and gunicorn (1 and 10 clients) timings for the first and the last
page, and the full ledger export next to a bare openpyxl write-only loop over the same rows.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
import tracemalloc
from decimal import Decimal

from django.conf import settings
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from assets import depreciation, services
from assets.models import Asset, AssetCategory
from assets.tables import AssetTable
from core.choices import Role
from core.models import Room
from tests.bench.report import Report, child_peak_rss, query_count, timed_together
from tests.factories import BuildingFactory, SchoolFactory, UserFactory

ASSETS = 100_000
SMALL = 1_000  # the rows of category 2201, for the memory-is-flat comparison
CODES = ["2101", "2102", "2104", "501", "502", "401", "2202", "2203"]


def _seed():
    school = SchoolFactory()
    user = UserFactory(school=school, roles=[Role.LOGISTICS])
    services.categories_seed_defaults(school)
    categories = {c.code: c for c in AssetCategory.objects.filter(school=school)}
    buildings = [BuildingFactory(school=school, campus__school=school) for _ in range(10)]
    rooms = Room.objects.bulk_create(
        [
            Room(school=school, building=buildings[i % 10], code=f"{i:04d}", name=f"场室{i}")
            for i in range(200)
        ]
    )
    people = [UserFactory(school=school, roles=[Role.TEACHER]) for _ in range(50)]
    batch = []
    for i in range(ASSETS):
        code = "2201" if i < SMALL else CODES[i % len(CODES)]
        batch.append(
            Asset(
                school=school,
                code=f"{code}-{2010 + i % 15}-{i:06d}",
                category=categories[code],
                name=f"资产{i}",
                spec="规格型号",
                unit="台",
                unit_price=Decimal(1000 + (i * 37) % 20000),
                quantity=1 + i % 3,
                purchase_date=dt.date(2010 + i % 15, 1 + i % 12, 1 + i % 28),
                room=rooms[i % 200],
                custodian=people[i % 50] if i % 4 else None,
                status="in_use" if i % 4 else "in_stock",
            )
        )
        if len(batch) == 10_000:
            Asset.objects.bulk_create(batch)
            batch = []
    Asset.objects.bulk_create(batch)
    return school, user, categories


def measure(report: Report) -> None:
    started = time.perf_counter()
    _school, user, categories = _seed()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE assets_asset")  # as autovacuum would on a live ledger
    report.add(f"assets: seed {ASSETS} cards", f"{time.perf_counter() - started:.0f} s", "")
    client = Client()
    client.force_login(user)
    last_page = ASSETS // 50
    for page in (1, last_page):
        _measure_pages(report, client, page)
    _measure_search(report, client)
    pages = [
        ("assets list, page 1", "/assets/assets/"),
        (f"assets list, page {last_page}", f"/assets/assets/?page={last_page}"),
        ("assets API, page 1", "/api/v1/assets/assets/"),
        (f"assets API, page {last_page}", f"/api/v1/assets/assets/?page={last_page}"),
        ("bare Django view, page 1", "/bench/bare/assets/"),
        ("bare DRF list, page 1", "/bench/bare/api/assets/"),
    ]
    _measure_concurrent(report, user, pages)
    _measure_export(report, client, categories)


def _measure_pages(report: Report, client: Client, page: int) -> None:
    """The list and the API next to the bare baselines over the same query, interleaved."""
    query = f"?page={page}" if page > 1 else ""
    urls = {
        "list": f"/assets/assets/{query}",
        "api": f"/api/v1/assets/assets/{query}",
        "bare": f"/bench/bare/assets/{query}",
        "bare_api": f"/bench/bare/api/assets/{query}",
    }
    queries = {name: query_count(lambda url=url: client.get(url)) for name, url in urls.items()}
    times = timed_together(
        {name: lambda url=url: client.get(url) for name, url in urls.items()}, 15
    )
    ms = {name: median for name, (median, _p95) in times.items()}
    suffix = f"page {page} ({ASSETS} assets)"
    report.add(
        f"assets list, {suffix}",
        f"{ms['list']:.1f} ms",
        f"p95 {times['list'][1]:.1f} ms, {queries['list']} queries; "
        f"list/API = {ms['list'] / ms['api']:.2f}x; list/bare Django = {ms['list'] / ms['bare']:.2f}x",
    )
    report.add(
        f"assets API, {suffix}",
        f"{ms['api']:.1f} ms",
        f"p95 {times['api'][1]:.1f} ms, {queries['api']} queries; "
        f"API/bare DRF = {ms['api'] / ms['bare_api']:.2f}x",
    )
    report.add(
        f"bare Django view, {suffix}",
        f"{ms['bare']:.1f} ms",
        f"{queries['bare']} queries (login, Paginator, template loop, same query)",
    )
    report.add(
        f"bare DRF list, {suffix}",
        f"{ms['bare_api']:.1f} ms",
        f"{queries['bare_api']} queries (ListAPIView, AssetSerializer, same query)",
    )


SEARCHES = [
    ("资产12345", "3+ characters, 1 card"),
    ("2012-0001", "a code fragment, 10 cards"),
    ("资产", "2 characters, every card"),
    ("钢琴", "2 characters, no card"),
]


def _measure_search(report: Report, client: Client) -> None:
    """?q= on the list, the API and the export (few rows), with the index the planner takes."""
    from urllib.parse import quote

    from assets.filters import AssetFilterSet

    for term, what in SEARCHES:
        q = quote(term)
        urls = {
            "list": f"/assets/assets/?q={q}",
            "api": f"/api/v1/assets/assets/?q={q}",
            "bare": "/bench/bare/assets/",
        }
        if "every" not in what:
            urls["export"] = f"/assets/assets/?q={q}&export=xlsx"
        fns = {
            name: (lambda url=url: b"".join(client.get(url).streaming_content))
            if name == "export"
            else (lambda url=url: client.get(url))
            for name, url in urls.items()
        }
        queries = {name: query_count(fn) for name, fn in fns.items()}
        times = timed_together(fns, 9)
        plan = AssetFilterSet({"q": term}, Asset.objects.order_by()).qs.explain()
        index = next((n for n in ("search_text", "search_chars") if n in plan), "no index")
        for name, label in (("list", "list"), ("api", "API"), ("export", "export")):
            if name not in times:
                continue
            median, p95 = times[name]
            report.add(
                f"assets {label} ?q={term} ({what})",
                f"{median:.1f} ms",
                f"p95 {p95:.1f} ms, {queries[name]} queries; /bare Django page 1 = "
                f"{median / times['bare'][0]:.2f}x; index: {index}",
            )


def _measure_concurrent(report: Report, user, pages) -> None:
    from tests.bench.server import get, hammer, serve, session_cookie

    cookie = session_cookie(user)
    with serve() as address:
        for clients in (1, 10):
            stats = {
                label: hammer(address, get(url, cookie), clients=clients, requests=60)
                for label, url in pages
            }
            bare = {
                "list": stats["bare Django view, page 1"],
                "API": stats["bare DRF list, page 1"],
            }
            for label, result in stats.items():
                kind = "list" if "list" in label and "DRF" not in label else "API"
                ratio = (
                    ""
                    if label.startswith("bare")
                    else (
                        f"; /bare {'Django' if kind == 'list' else 'DRF'} = "
                        f"{result.median / bare[kind].median:.2f}x"
                    )
                )
                report.add(
                    f"{label}, {clients} clients (gunicorn)",
                    f"{result.median:.0f} ms median",
                    result.summary() + ratio,
                )


def _export(client: Client, url: str) -> tuple[float, int, float]:
    start = time.perf_counter()
    queries = query_count(lambda: b"".join(client.get(url).streaming_content))
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    b"".join(client.get(url).streaming_content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, queries, peak / 2**20


def _measure_export(report: Report, client: Client, categories) -> None:
    settings.EXPORT_INLINE_MAX_ROWS = ASSETS + 1
    small = f"/assets/assets/?export=xlsx&category={categories['2201'].pk}"
    small_time, small_queries, small_peak = _export(client, small)
    report.add(
        f"assets ledger export, {SMALL} rows",
        f"{small_time:.2f} s",
        f"{small_queries} queries; peak {small_peak:.1f} MiB Python heap (traced run)",
    )
    elapsed, queries, peak = _export(client, "/assets/assets/?export=xlsx")
    report.add(
        f"assets ledger export, {ASSETS} rows",
        f"{elapsed:.2f} s",
        f"{queries} queries (limit {ASSETS // 2000 + 5}); peak {peak:.1f} MiB Python heap "
        f"(traced run; {SMALL} rows: {small_peak:.1f} MiB)",
    )
    for label, url in ((f"{SMALL} rows", small), (f"{ASSETS} rows", "/assets/assets/?export=xlsx")):
        start_rss, peak_rss = child_peak_rss(
            lambda url=url: b"".join(client.get(url).streaming_content)
        )
        report.add(
            f"assets ledger export, {label}: peak RSS",
            f"{peak_rss:.0f} MiB",
            f"process RSS before the export {start_rss:.0f} MiB; growth {peak_rss - start_rss:.0f} MiB",
        )
    start_rss, peak_rss = child_peak_rss(_bare_loop)
    report.add(
        f"bare openpyxl loop, {ASSETS} rows: peak RSS",
        f"{peak_rss:.0f} MiB",
        f"process RSS before {start_rss:.0f} MiB; growth {peak_rss - start_rss:.0f} MiB",
    )
    # Time: export and bare loop interleaved, three rounds each, medians (a shared machine).
    export_times, bare_times = [], []
    for _ in range(3):
        start = time.perf_counter()
        b"".join(client.get("/assets/assets/?export=xlsx").streaming_content)
        export_times.append(time.perf_counter() - start)
        bare_times.append(_bare_loop()[0])
    elapsed, bare = statistics.median(export_times), statistics.median(bare_times)
    report.add(
        f"assets ledger export, {ASSETS} rows (median of 3)",
        f"{elapsed:.2f} s",
        f"untraced; rounds {', '.join(f'{t:.1f}' for t in export_times)} s",
    )
    tracemalloc.start()
    _bare_loop()
    _current, bare_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    report.add(
        f"bare openpyxl write-only, {ASSETS} ledger rows",
        f"{bare:.2f} s",
        f"median of 3, same query, no formats; export/bare = {elapsed / bare:.2f}x; "
        f"peak {bare_peak / 2**20:.1f} MiB (traced run: shared strings grow in both)",
    )


def _bare_loop() -> tuple[float, int]:
    start = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    rows = depreciation.annotate_depreciation(Asset.objects.all(), timezone.localdate())
    count = 0
    for row in (
        rows.order_by("code", "pk").values_list(*AssetTable().paths).iterator(chunk_size=2000)
    ):
        sheet.append(row)
        count += 1
    workbook.save(io.BytesIO())
    return time.perf_counter() - start, count
