"""Canteen (issue 11, "Measured"): 200 schools × 3 meals × 8 dishes.

- a day's food samples recorded through the service (sample_record, every rule checked): time and
  queries per sample;
- the sample check over them (canteen.services.samples_check): queries for 20 and 200 schools and
  for 8 dishes vs 2 per meal — grouped reads, O(schools told) not O(dishes) — and time;
- the sample log export of a year of one school (≈ 9,000 rows): time and peak memory next to a
  bare openpyxl write-only loop over the same rows.
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import time
import tracemalloc

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook

from canteen.choices import DishCategory, Meal
from canteen.models import (
    CanteenSettings,
    Dish,
    FoodSample,
    FridgeTemperature,
    MenuEntry,
    SampleFlag,
    SampleFridge,
    WeeklyMenu,
)
from canteen.selectors import served_meals
from canteen.services.samples import sample_record
from canteen.services.samples_check import samples_check
from canteen.tables_samples import FoodSampleTable
from core.choices import Role
from core.models import Building, Campus, Room, School, User, UserRole
from tests.bench.report import Report, child_peak_rss

SCHOOLS, MEALS, DISHES = 200, (Meal.BREAKFAST, Meal.LUNCH, Meal.DINNER), 8
DAY = dt.date(2026, 11, 24)  # a Tuesday
YEAR_START = dt.date(2025, 12, 1)


class Queries:
    """Counts the queries of a block (CaptureQueriesContext's log keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> Queries:
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._wrapper.__exit__(*exc)

    def __len__(self) -> int:
        return self.count


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def measure(report: Report) -> None:
    schools = _build(SCHOOLS, DISHES, prefix="bench-canteen")
    _measure_recording(report, schools)
    _measure_check(report, schools)
    _measure_export(report)


def _build(count: int, dishes: int, *, prefix: str) -> list[School]:
    schools = School.objects.bulk_create(
        [School(name=f"压测学校{prefix}{i}", code=f"{prefix}-{i}") for i in range(count)]
    )
    CanteenSettings.objects.bulk_create(
        [CanteenSettings(school=s, serves_dinner=True) for s in schools]
    )
    campuses = Campus.objects.bulk_create([Campus(school=s, name="本部") for s in schools])
    buildings = Building.objects.bulk_create(
        [Building(school=c.school, campus=c, code="S", name="食堂", floors=2) for c in campuses]
    )
    rooms = Room.objects.bulk_create(
        [Room(school=b.school, building=b, code="101", name="留样间") for b in buildings]
    )
    SampleFridge.objects.bulk_create(
        [SampleFridge(school=r.school, number="LY-01", name="留样冰箱", room=r) for r in rooms]
    )
    users = User.objects.bulk_create(
        [User(username=f"{prefix}-{s.pk}", school=s, last_name="王") for s in schools]
    )
    UserRole.objects.bulk_create([UserRole(user=u, role=Role.CANTEEN) for u in users])
    UserRole.objects.bulk_create(
        [
            UserRole(
                user=User.objects.create(username=f"{prefix}-mgr-{s.pk}", school=s),
                role=Role.CANTEEN_MANAGER,
            )
            for s in schools
        ]
    )
    menus = WeeklyMenu.objects.bulk_create(
        [
            WeeklyMenu(school=s, week_start=DAY - dt.timedelta(DAY.weekday()), status="published")
            for s in schools
        ]
    )
    made = Dish.objects.bulk_create(
        [
            Dish(school=s, name=f"菜品{n}", category=DishCategory.VEGETABLE, main_ingredients="菜")
            for s in schools
            for n in range(len(MEALS) * dishes)
        ],
        batch_size=5000,
    )
    by_school: dict[int, list[Dish]] = {}
    for dish in made:
        by_school.setdefault(dish.school_id, []).append(dish)
    MenuEntry.objects.bulk_create(
        [
            MenuEntry(school=m.school, menu=m, day=DAY, meal=meal, dish=dish)
            for m in menus
            for index, meal in enumerate(MEALS)
            for dish in by_school[m.school_id][index * dishes : (index + 1) * dishes]
        ],
        batch_size=5000,
    )
    return schools


def _measure_recording(report: Report, schools: list[School]) -> None:
    meals = served_meals([s.pk for s in schools], DAY)
    fridges = {f.school_id: f for f in SampleFridge.objects.all()}
    samplers = {u.school_id: u for u in User.objects.filter(user_roles__role=Role.CANTEEN)}
    dishes = Dish.objects.in_bulk()
    # One dish in ten schools is left without a sample: the check has something to find.
    skipped = {s.pk for s in schools[::20]}
    count = 0
    start = time.perf_counter()
    with Queries() as captured:
        for school in schools:
            for meal in meals[school.pk]:
                for n, (dish_id, _name) in enumerate(meal.dishes):
                    if school.pk in skipped and meal.meal == Meal.LUNCH and n == 0:
                        continue
                    sample_record(
                        school=school,
                        day=DAY,
                        meal=meal.meal,
                        dish=dishes[dish_id],
                        weight_grams=150 if n else 110,  # the first dish of a meal: underweight
                        fridge=fridges[school.pk],
                        actor=samplers[school.pk],
                        taken_at=meal.served_at,
                    )
                    count += 1
    elapsed = time.perf_counter() - start
    report.add(
        f"canteen samples recorded through the service, {SCHOOLS}×3×{DISHES}",
        f"{elapsed:.1f} s",
        f"{count} samples, {elapsed / count * 1000:.1f} ms and "
        f"{len(captured) / count:.1f} queries each (menu check, lock, savepoint, constraints, "
        f"insert, audit log)",
    )
    # Both readings of every fridge: the check finds samples, not readings.
    FridgeTemperature.objects.bulk_create(
        [
            FridgeTemperature(
                school_id=f.school_id,
                fridge=f,
                day=DAY,
                period=p,
                celsius="4.0",
                recorded_by=samplers[f.school_id],
            )
            for f in fridges.values()
            for p in ("morning", "afternoon")
        ]
    )


def _check(ids: list[int], now: dt.datetime) -> tuple[float, int, int, int]:
    """(seconds, queries, new flags, schools told)."""
    before = timezone.now()
    start = time.perf_counter()
    with Queries() as captured:
        flags = samples_check(now=now, school_ids=ids)
    elapsed = time.perf_counter() - start
    told = SampleFlag.objects.filter(school_id__in=ids, notified_at__gte=before)
    return elapsed, len(captured), flags, told.values("school_id").distinct().count()


def _measure_check(report: Report, schools: list[School]) -> None:
    ids = [s.pk for s in schools]
    evening = _at(DAY, 20)
    for label in (f"{SCHOOLS} schools, first run", f"{SCHOOLS} schools, second run"):
        elapsed, queries, flags, told = _check(ids, evening)
        report.add(
            f"canteen sample check, {label}",
            f"{elapsed * 1000:.0f} ms",
            f"{queries} queries, {flags} new flags, {told} schools told",
        )
    # The same check over a tenth of the schools, and over schools with 2 dishes a meal instead of
    # 8: with nothing new to tell the queries are the same (grouped reads).
    elapsed, queries, _flags, _told = _check(ids[:20], evening)
    report.add(
        "canteen sample check, 20 schools, nothing new",
        f"{elapsed * 1000:.0f} ms",
        f"{queries} queries",
    )
    small = [s.pk for s in _build(SCHOOLS, 2, prefix="bench-canteen-small")]
    _check(small, evening)  # first run: every dish is missing (told)
    elapsed, queries, _flags, _told = _check(small, evening)
    report.add(
        f"canteen sample check, {SCHOOLS} schools × 2 dishes a meal, nothing new",
        f"{elapsed * 1000:.0f} ms",
        f"{queries} queries (8 dishes a meal: see the second run above)",
    )


def _year_of_samples() -> School:
    school = _build(1, DISHES, prefix="bench-canteen-year")[0]
    fridge = SampleFridge.objects.get(school=school)
    sampler = User.objects.filter(school=school).first()
    dishes = list(Dish.objects.filter(school=school).order_by("pk"))
    rows, day = [], YEAR_START
    while day < YEAR_START + dt.timedelta(days=375):
        for index, meal in enumerate(MEALS):
            for dish in dishes[index * DISHES : (index + 1) * DISHES]:
                taken = _at(day, 7 + index * 5)
                rows.append(
                    FoodSample(
                        school=school,
                        day=day,
                        meal=meal,
                        dish=dish,
                        weight_grams=150,
                        min_grams=125,
                        taken_at=taken,
                        sampler=sampler,
                        fridge=fridge,
                        disposed_at=taken + dt.timedelta(hours=50),
                        disposed_by=sampler,
                    )
                )
        day += dt.timedelta(days=1)
    FoodSample.objects.bulk_create(rows, batch_size=3000)
    return school


def _measure_export(report: Report) -> None:
    school = _year_of_samples()
    manager = User.objects.filter(school=school, user_roles__role=Role.CANTEEN_MANAGER).first()
    client = Client()
    client.force_login(manager)
    settings.EXPORT_INLINE_MAX_ROWS = 20_000
    url = "/canteen/samples/?export=xlsx"
    total = FoodSample.objects.filter(school=school).count()
    with Queries() as captured:
        b"".join(client.get(url).streaming_content)
    queries = len(captured)
    tracemalloc.start()
    b"".join(client.get(url).streaming_content)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    _bare_loop(school)
    _current, bare_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    export_times, bare_times = [], []
    for _ in range(3):
        start = time.perf_counter()
        b"".join(client.get(url).streaming_content)
        export_times.append(time.perf_counter() - start)
        bare_times.append(_bare_loop(school))
    elapsed, bare = statistics.median(export_times), statistics.median(bare_times)
    report.add(
        f"canteen sample log export, a year of one school ({total} rows)",
        f"{elapsed:.2f} s",
        f"median of 3, {queries} queries; export/bare = {elapsed / bare:.2f}x; peak "
        f"{peak / 2**20:.1f} MiB Python heap (traced run)",
    )
    report.add(
        f"bare openpyxl write-only loop, {total} sample rows",
        f"{bare:.2f} s",
        f"median of 3, same columns, no formats; peak {bare_peak / 2**20:.1f} MiB (traced)",
    )
    _start, export_rss = child_peak_rss(lambda: b"".join(client.get(url).streaming_content))
    start_rss, bare_rss = child_peak_rss(lambda: _bare_loop(school))
    report.add(
        "canteen sample log export: peak RSS",
        f"{export_rss:.0f} MiB",
        f"bare loop {bare_rss:.0f} MiB; process before {start_rss:.0f} MiB",
    )


def _bare_loop(school: School) -> float:
    start = time.perf_counter()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    rows = FoodSample.objects.filter(school=school, archived_at__isnull=True).order_by(
        "-day", "meal", "dish__name", "pk"
    )
    paths = FoodSampleTable().paths
    # Excel holds no time zone: the one conversion any export of these rows must make.
    moments = [i for i, p in enumerate(paths) if p in ("taken_at", "disposed_at")]
    for row in rows.values_list(*paths).iterator(chunk_size=2000):
        values = list(row)
        for i in moments:
            if values[i] is not None:
                values[i] = timezone.localtime(values[i]).replace(tzinfo=None)
        sheet.append(values)
    workbook.save(io.BytesIO())
    return time.perf_counter() - start
