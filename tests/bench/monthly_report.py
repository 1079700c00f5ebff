"""The monthly report (`make bench ARGS=monthly_report`; `report` is the bench's own table module):

- one PDF for the largest bench school (200,000 repair requests): time, peak memory, size, pages
  (goals ≤ 15 s, ≤ 400 MB, ≤ 2 MB) and its Chinese text read back with pdftotext;
- the monthly run (core.monthly_reports, one task per school, run in this one process = one
  worker) for 20 small schools, extrapolated linearly to 200 (said so in the table).

The figures are those of whatever metrics and notable lists the apps register: core's report
adds nothing of its own.
"""

from __future__ import annotations

import io
import resource
import subprocess
import time
import tracemalloc

from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from core import reports
from core.choices import Role
from core.models import MonthlyReport, Room
from core.tasks import monthly_reports
from tests.bench import repairs as repairs_bench
from tests.bench.report import Report
from tests.factories import BuildingFactory, SchoolFactory, UserFactory

RUN_SCHOOLS = 20


def measure(report: Report) -> None:
    _stand_in_figures()
    school = _largest_school()
    _measure_one_pdf(report, school)
    _measure_monthly_run(report)


def _stand_in_figures() -> None:
    """Until the apps register theirs: a grouped count and a 3,000-row notable list of repairs,
    so the PDF has charts and a long table to lay out (the real ones replace these)."""
    from core import metrics
    from repairs.choices import OPEN_WORK
    from repairs.models import RepairRequest

    if metrics.all_metrics("repairs"):
        return

    def filed(ids, period):
        start, end = period.bounds()
        rows = RepairRequest.objects.filter(school_id__in=ids, created_at__gte=start)
        return metrics.count_by_school(rows.filter(created_at__lt=end), ids)

    metrics.register(
        metrics.Metric("repairs.bench_filed", "报修数", "件", metrics.HIGHER, "repairs", filed)
    )
    reports.register_notable(
        "repairs",
        "repairs.bench_open",
        "未完成的报修",
        headers=("编号", "状态", "报修时间"),
        rows=lambda school, period: list(
            RepairRequest.objects.filter(school=school, status__in=OPEN_WORK).values_list(
                "number", "status", "created_at"
            )
        ),
    )


def _largest_school():
    school = SchoolFactory()
    buildings = [BuildingFactory(school=school, campus__school=school) for _ in range(8)]
    rooms = Room.objects.bulk_create(
        [
            Room(school=school, building=buildings[i % 8], code=f"{i:03d}", name=f"教室{i}")
            for i in range(200)
        ]
    )
    teachers = [UserFactory(school=school, roles=[Role.TEACHER]) for _ in range(30)]
    workers = [UserFactory(school=school, roles=[Role.WORKER]) for _ in range(10)]
    UserFactory(school=school, roles=[Role.PRINCIPAL])
    UserFactory(school=school, roles=[Role.DIRECTOR])
    repairs_bench._bulk_requests(school, rooms, teachers, workers)
    return school


def _measure_one_pdf(report: Report, school) -> None:
    from django.db import connection

    period = reports.last_month()
    parts = _timed_parts(school, period)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        made = reports.report_generate(school=school, period=period)
    seconds = time.perf_counter() - start
    # Memory in a second run (a regenerate): tracemalloc slows Python down several times.
    tracemalloc.start()
    made = reports.report_generate(school=school, period=period)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    data = made.pdf.read()
    pages = len(PdfReader(io.BytesIO(data)).pages)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    report.add(
        "monthly report: one PDF + workbook, 200k requests", f"{seconds:.1f} s", "goal ≤ 15 s"
    )
    report.add("monthly report: figures / PDF / workbook", parts, "the parts, timed apart")
    report.add(
        "monthly report: peak Python memory (tracemalloc)",
        f"{peak / 2**20:.0f} MB",
        "goal ≤ 400 MB",
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report.add("monthly report: process max RSS", f"{rss:.0f} MB", "whole bench process")
    report.add("monthly report: PDF size", f"{len(data) / 1024:.0f} KB", "goal ≤ 2 MB")
    report.add("monthly report: PDF pages", str(pages), f"{len(queries)} queries")
    ok = "总务月度报告" in text and "校长" in text
    report.add("monthly report: Chinese text read back", "yes" if ok else "NO", "pdftotext")


def _timed_parts(school, period) -> str:
    start = time.perf_counter()
    content = reports.build(school, period)
    built = time.perf_counter()
    reports.render_pdf(content)
    rendered = time.perf_counter()
    reports.write_xlsx(content)
    written = time.perf_counter()
    return f"{built - start:.1f} / {rendered - built:.1f} / {written - rendered:.1f} s"


def _measure_monthly_run(report: Report) -> None:
    for _ in range(RUN_SCHOOLS):
        small = SchoolFactory()
        UserFactory(school=small, roles=[Role.PRINCIPAL])
    total = RUN_SCHOOLS  # the large school's report is made already: the run skips it
    start = time.perf_counter()
    monthly_reports()  # eager here: every school's task runs one after the other, one worker
    seconds = time.perf_counter() - start
    built = MonthlyReport.objects.filter(month=reports.last_month().start).count() - 1
    report.add(f"monthly run: {total} schools, one worker", f"{seconds:.1f} s", f"{built} reports")
    report.add(
        "monthly run: 200 schools (extrapolated)",
        f"{seconds / total * 200 / 60:.1f} min",
        "linear estimate from the run above, not measured",
    )
