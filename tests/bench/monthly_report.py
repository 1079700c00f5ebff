"""The monthly report (`make bench ARGS=monthly_report`; `report` is the bench's own table module):

- one PDF + workbook for the largest bench school (200,000 repair requests, 100,000 asset cards,
  a year of inspection rounds, hazards, fire equipment): time, peak memory, sizes, pages (goals
  ≤ 15 s, ≤ 400 MB, ≤ 2 MB), the Chinese text read back with pdftotext, and the time split
  (figures and trends / counting the rows behind / PDF / workbook / the rows sheets);
- the monthly run (core.monthly_reports, one task per school, run in this one process = one
  worker) for 20 small schools, extrapolated linearly to 200 (said so in the table).

The figures are those the apps register (core.metrics), the rows sheets those of their lists.
"""

from __future__ import annotations

import datetime as dt
import io
import resource
import subprocess
import time
import tracemalloc

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core import metrics, reports
from core.choices import Role
from core.models import MonthlyReport, Room, User
from core.tasks import monthly_reports
from tests.bench import assets as assets_bench
from tests.bench import repairs as repairs_bench
from tests.bench.report import Report, child_peak_rss
from tests.factories import BuildingFactory, SchoolFactory, UserFactory

RUN_SCHOOLS = 20
MID_REQUESTS = 20_000
ROUND_ROOMS, ROUND_TEMPLATES = 20, 5  # a year of daily rounds: 36,500


def measure(report: Report) -> None:
    started = time.perf_counter()
    school = _largest_school()
    report.add(
        "monthly report: big school seeded",
        f"{time.perf_counter() - started:.0f} s",
        "100,000 assets, 200,000 requests, a year of rounds",
    )
    _measure_one_pdf(report, school)
    _measure_monthly_run(report)


def _largest_school():
    school, _user, _categories = assets_bench._seed()  # 100,000 cards in 200 rooms
    rooms = list(Room.objects.filter(school=school).order_by("pk"))
    teachers = list(User.objects.filter(school=school, user_roles__role=Role.TEACHER))
    workers = [UserFactory(school=school, roles=[Role.WORKER]) for _ in range(10)]
    UserFactory(school=school, roles=[Role.PRINCIPAL])
    UserFactory(school=school, roles=[Role.DIRECTOR])
    repairs_bench._bulk_requests(school, rooms, teachers, workers)
    _safety_year(school, rooms, teachers)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return school


def _safety_year(school, rooms, people) -> None:
    """A year of daily rounds (most done on time, some late, the last days' still open), a few
    hundred hazards (a tenth still open), fire equipment, a drill a month."""
    from safety.choices import DrillStatus, DrillType, HazardStatus, Severity, TaskStatus
    from safety.models import Drill, Hazard, InspectionTask
    from tests.safety.factories import EquipmentFactory, TemplateFactory

    templates = [TemplateFactory(school=school) for _ in range(ROUND_TEMPLATES)]
    today = timezone.localdate()
    batch = []
    for days in range(365):
        day = today - dt.timedelta(days=days)
        due_by = timezone.make_aware(dt.datetime.combine(day, dt.time(17)))
        for n, room in enumerate(rooms[:ROUND_ROOMS]):
            for t, template in enumerate(templates):
                done = days > 1 and (n + t + days) % 17 != 0
                late = (n + t + days) % 11 == 0
                batch.append(
                    InspectionTask(
                        school=school,
                        template=template,
                        room=room,
                        due_date=day,
                        due_by=due_by,
                        assignee=people[n % len(people)],
                        status=TaskStatus.DONE if done else TaskStatus.OPEN,
                        completed_at=due_by + dt.timedelta(hours=2 if late else -3)
                        if done
                        else None,
                    )
                )
        if len(batch) >= 10_000:
            InspectionTask.objects.bulk_create(batch)
            batch = []
    InspectionTask.objects.bulk_create(batch)
    severities = list(Severity)
    Hazard.objects.bulk_create(
        Hazard(
            school=school,
            description=f"隐患{i}：楼梯扶手松动",
            severity=severities[i % len(severities)],
            room=rooms[i % len(rooms)],
            status=HazardStatus.FOUND,
            found_by=people[i % len(people)],
            deadline=today - dt.timedelta(days=i % 30 - 10),
        )
        for i in range(60)
    )
    for i in range(100):
        EquipmentFactory(school=school, room=rooms[i], expiry_date=today + dt.timedelta(i * 9 - 30))
    Drill.objects.bulk_create(
        Drill(
            school=school,
            drill_type=DrillType.FIRE,
            title="疏散演练",
            date=today - dt.timedelta(days=30 * m + 3),
            status=DrillStatus.HELD,
        )
        for m in range(12)
    )


def _measure_one_pdf(report: Report, school) -> None:
    period = reports.last_month()
    parts = _timed_parts(report, school, period)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        made = reports.report_generate(school=school, period=period)
    seconds = time.perf_counter() - start
    # Memory in a second run (a regenerate): tracemalloc slows Python down several times; the
    # process's peak RSS in a forked child counts lxml's and the driver's C buffers too.
    tracemalloc.start()
    made = reports.report_generate(school=school, period=period)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    before, child_peak = child_peak_rss(
        lambda: reports.report_generate(school=school, period=period)
    )
    made.refresh_from_db()
    data = made.pdf.read()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    report.add("monthly report: one PDF + workbook, big school", f"{seconds:.1f} s", "goal ≤ 15 s")
    report.add("monthly report: the time split", parts, "timed apart, one run each")
    report.add(
        "monthly report: peak Python memory (tracemalloc)",
        f"{peak / 2**20:.0f} MB",
        "goal ≤ 400 MB",
    )
    report.add(
        "monthly report: peak RSS of a process making it",
        f"{child_peak:.0f} MB",
        f"forked child, {before:.0f} MB when it started",
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.add("monthly report: bench process max RSS", f"{rss:.0f} MB", "incl. seeding")
    report.add("monthly report: PDF size", f"{len(data) / 1024:.0f} KB", "goal ≤ 2 MB")
    report.add("monthly report: PDF pages", str(pages), f"{len(queries)} queries in all")
    ok = "总务月度报告" in text and "校长" in text and "报修" in text
    report.add("monthly report: Chinese text read back", "yes" if ok else "NO", "pdftotext")
    _workbook_figures(report, made)


def _workbook_figures(report: Report, made) -> None:
    data = made.xlsx.read()
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = sum(1 for sheet in book.worksheets for _row in sheet.iter_rows(values_only=True))
    report.add(
        "monthly report: workbook size",
        f"{len(data) / 1024:.0f} KB",
        f"{len(book.sheetnames)} sheets, {rows} rows, ≤ {settings.REPORT_SHEET_MAX_ROWS} "
        "rows per rows sheet",
    )
    book.close()


def _timed_parts(report: Report, school, period) -> str:
    found = metrics.all_metrics()
    start = time.perf_counter()
    content = reports.build(school, period)
    built = time.perf_counter()
    reports.rows_behind(school, period, found)  # also inside build: timed alone here
    counted = time.perf_counter()
    reports.render_pdf(content)
    rendered = time.perf_counter()
    reports.write_xlsx({**content, "rows": []})
    figures_only = time.perf_counter()
    reports.write_xlsx(content)
    written = time.perf_counter()
    rows_sheets = (written - figures_only) - (figures_only - rendered)
    report.add(
        "monthly report: rows behind the figures",
        f"{len(content['rows'])} sheets",
        f"{sum(e.total for e in content['rows'])} rows listed in all",
    )
    report.add("monthly report: slowest rows sheets", _slowest_sheets(content), "each alone")
    report.add("monthly report: figures + trends by module", _by_module(school, period), "")
    return (
        f"figures+trends {built - start - (counted - built):.1f} / rows counts "
        f"{counted - built:.1f} / PDF {rendered - counted:.1f} / workbook "
        f"{figures_only - rendered:.1f} + rows sheets {rows_sheets:.1f} s"
    )


def _by_module(school, period) -> str:
    """Each module's figures, trends and breakdowns (core.reports._section) timed alone."""
    taken = []
    for module in reports._modules():
        start = time.perf_counter()
        with metrics.shared():
            reports._section(school, period, module)
        taken.append(f"{module} {time.perf_counter() - start:.1f}")
    return " / ".join(taken) + " s"


def _slowest_sheets(content) -> str:
    """Each rows sheet written alone (its query and its cells): the three slowest."""
    taken = []
    for entry in content["rows"]:
        start = time.perf_counter()
        reports.write_xlsx({**content, "sections": [], "rows": [entry]})
        taken.append((time.perf_counter() - start, entry.title, entry.total))
    taken.sort(reverse=True)
    return ", ".join(f"{title} ({total:,} rows) {took:.1f} s" for took, title, total in taken[:3])


def _measure_monthly_run(report: Report) -> None:
    """20 mid-sized schools (a tenth of the big one's requests: 20,000 over 2 years; 200 rooms)."""
    for _n in range(RUN_SCHOOLS):
        school = SchoolFactory()
        building = BuildingFactory(school=school, campus__school=school)
        rooms = Room.objects.bulk_create(
            [
                Room(school=school, building=building, code=f"{i:03d}", name=f"教室{i}")
                for i in range(200)
            ]
        )
        teachers = [UserFactory(school=school, roles=[Role.TEACHER]) for _ in range(5)]
        workers = [UserFactory(school=school, roles=[Role.WORKER]) for _ in range(3)]
        UserFactory(school=school, roles=[Role.PRINCIPAL])
        repairs_bench._bulk_requests(school, rooms, teachers, workers, rows=MID_REQUESTS)
    total = RUN_SCHOOLS  # the large school's report is made already: the run skips it
    start = time.perf_counter()
    monthly_reports()  # eager here: every school's task runs one after the other, one worker
    seconds = time.perf_counter() - start
    built = MonthlyReport.objects.filter(month=reports.last_month().start).count() - 1
    report.add(
        f"monthly run: {total} schools ({MID_REQUESTS:,} requests each), one worker",
        f"{seconds:.1f} s",
        f"{built} reports",
    )
    report.add(
        "monthly run: 200 schools (extrapolated)",
        f"{seconds / total * 200 / 60:.1f} min",
        "linear estimate from the run above, not measured",
    )
