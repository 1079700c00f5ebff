"""The monthly report (月度报告): one row per school and month, its PDF and workbook, the reports
page, the beat task and the e-mail with the PDF attached. Built on test metrics registered here,
so it does not depend on which metrics the apps register."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from core import metrics, outbox, reports
from core.metrics import Period
from core.models import ExportJob, MonthlyReport
from core.tasks import monthly_report, monthly_reports
from tests.factories import SchoolFactory

MODULE = "zz_report_test"


def _filed(ids, period):
    # A figure that differs per month, so this month, the month before and a year ago differ.
    return {i: period.start.month * 10 + period.start.year % 10 for i in ids}


def _rate(ids, period):
    return {i: Decimal("87.5") for i in ids} if period.start.year >= 2026 else {}


def _by_building(school_id, period):
    return [("实验楼", Decimal("75.0"), "/x"), ("教学楼", Decimal("90.0"), "/y")]


@pytest.fixture
def test_metrics():
    found = [
        metrics.Metric(f"{MODULE}.filed", "测试报修数", "件", metrics.HIGHER, MODULE, _filed),
        metrics.Metric(
            f"{MODULE}.rate",
            "测试及时率",
            "%",
            metrics.HIGHER,
            MODULE,
            _rate,
            breakdowns=(("building", "按楼宇", _by_building),),
        ),
    ]
    metrics.register(*found)
    reports.register_notable(
        MODULE,
        f"{MODULE}.late",
        "测试超时工单",
        headers=("编号", "标题"),
        rows=lambda school, period: [("R-1", '=HYPERLINK("x")'), ("R-2", "教学楼漏水")],
    )
    yield found
    for metric in found:
        metrics._REGISTRY.pop(metric.key)
    reports.NOTABLES.pop(f"{MODULE}.late")


@pytest.fixture
def people(make_user):
    return {
        "principal": make_user("principal"),
        "director": make_user("director"),
        "teacher": make_user("teacher"),
    }


def _generate(school, period, captured, **extra):
    with captured(execute=True):
        return reports.report_generate(school=school, period=period, **extra)


@pytest.mark.django_db
def test_the_pdf_has_the_chinese_headings_the_figures_charts_and_signatures(
    school, test_metrics, django_capture_on_commit_callbacks
):
    report = _generate(school, Period.month(2026, 10), django_capture_on_commit_callbacks)
    data = report.pdf.read()
    assert data.startswith(b"%PDF") and len(data) < 2_000_000
    pages = PdfReader(io.BytesIO(data)).pages
    assert 1 <= len(pages) <= 20
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "总务月度报告" in text and "2026-10" in text
    assert "测试报修数" in text and "106" in text  # this month (10*10 + 6)
    assert "96" in text and "105" in text  # the month before, the same month a year ago
    assert "87.5" in text and "测试超时工单" in text and "教学楼漏水" in text
    assert "校长" in text and "总务主任" in text and "日期" in text
    # The charts are vector SVG whose Chinese title is text in the PDF, not a picture.
    assert text.count("测试及时率") >= 2
    assert "按楼宇" in text and "实验楼" in text  # the breakdown chart's labels


@pytest.mark.django_db
def test_the_workbook_has_the_figures_and_a_formula_looking_text_stays_text(
    school, test_metrics, django_capture_on_commit_callbacks
):
    report = _generate(school, Period.month(2026, 10), django_capture_on_commit_callbacks)
    book = load_workbook(io.BytesIO(report.xlsx.read()))
    figures = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert ["测试报修数", "件", 106, 96, 105] in [row[1:6] for row in figures]
    trend = [list(r) for r in book["近十二个月"].iter_rows(values_only=True)]
    assert trend[0][2] == "2025-11" and ["测试报修数", 115, 125] in [r[1:4] for r in trend[1:]]
    items = [list(r) for r in book["分项"].iter_rows(values_only=True)]
    assert ["测试及时率", "按楼宇", "实验楼", 75] in items
    late = book["测试超时工单"]
    cell = late["B2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"


@pytest.mark.django_db
def test_regenerating_keeps_one_row_replaces_the_files_and_is_audited(
    school, people, test_metrics, django_capture_on_commit_callbacks
):
    period = Period.month(2026, 10)
    first = _generate(school, period, django_capture_on_commit_callbacks)
    old_pdf = first.pdf.name
    again = _generate(school, period, django_capture_on_commit_callbacks, actor=people["principal"])
    assert MonthlyReport.objects.filter(school=school).count() == 1
    assert again.pk == first.pk and again.pdf.name != old_pdf
    assert not again.pdf.storage.exists(old_pdf)
    events = LogEntry.objects.get_for_object(again).filter(
        additional_data__event="report_regenerated"
    )
    assert events.count() == 1 and events.get().actor == people["principal"]


@pytest.mark.django_db
def test_the_beat_makes_last_months_report_once_per_school(
    test_metrics, django_capture_on_commit_callbacks, settings
):
    schools = [SchoolFactory(), SchoolFactory()]
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_reports() == 2
        monthly_reports()  # a second beat
        monthly_report(schools[0].pk, reports.last_month().code)  # a redelivered message
    month = reports.last_month().start
    for school in schools:
        assert MonthlyReport.objects.filter(school=school, month=month).count() == 1
    assert not LogEntry.objects.filter(additional_data__event="report_regenerated").exists()


@pytest.mark.django_db
def test_the_schedule_is_the_first_of_the_month_at_six_school_time():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="core.monthly_reports")
    cron = task.crontab
    assert (cron.minute, cron.hour, cron.day_of_month) == ("0", "6", "1")
    assert str(cron.timezone) == "Asia/Shanghai"


@pytest.mark.django_db
def test_the_principal_and_the_director_get_the_pdf_by_e_mail(
    school, people, test_metrics, django_capture_on_commit_callbacks
):
    _generate(school, Period.month(2026, 10), django_capture_on_commit_callbacks)
    outbox.send_due()
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([people["principal"].email, people["director"].email])
    name, content, kind = mail.outbox[0].attachments[0]
    assert kind == "application/pdf" and content.startswith(b"%PDF") and "2026-10" in name


@pytest.mark.django_db
def test_the_reports_page_generates_a_past_month_as_a_job_and_serves_the_files(
    client, school, people, test_metrics, django_capture_on_commit_callbacks
):
    client.force_login(people["director"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:report_generate"), {"month": "2026-09"})
    job = ExportJob.objects.get(kind="core.monthly_report")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == "done" and job.percent == 100
    report = MonthlyReport.objects.get(school=school, month=dt.date(2026, 9, 1))
    page = client.get(reverse("core:report_list"))
    pdf_url = reverse("core:report_download", args=[report.pk, "pdf"])
    assert pdf_url in page.content.decode()
    assert b"".join(client.get(pdf_url).streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["2999-01", "2026-13", "abc", ""])
def test_a_future_or_malformed_month_is_refused_in_chinese(client, people, month):
    client.force_login(people["principal"])
    response = client.post(reverse("core:report_generate"), {"month": month})
    assert response.status_code == 400
    assert "月" in response.content.decode() and not ExportJob.objects.exists()


@pytest.mark.django_db
def test_the_current_month_is_refused_until_it_has_ended(client, people):
    client.force_login(people["principal"])
    response = client.post(reverse("core:report_generate"), {"month": Period.current_month().code})
    assert response.status_code == 400 and not ExportJob.objects.exists()


@pytest.mark.django_db
def test_a_teacher_and_another_school_cannot_read_a_report(
    client,
    school,
    other_school,
    people,
    make_user,
    test_metrics,
    django_capture_on_commit_callbacks,
):
    report = _generate(school, Period.month(2026, 10), django_capture_on_commit_callbacks)
    url = reverse("core:report_download", args=[report.pk, "pdf"])
    client.force_login(people["teacher"])
    assert client.get(url).status_code == 403  # the role may not read reports at all
    assert client.get(reverse("core:report_list")).status_code == 403
    client.force_login(make_user("principal", school_=other_school))
    assert client.get(url).status_code == 404


def test_the_hook_for_robots_is_a_signal_sent_by_on_report_ready():
    seen = []

    def receiver(sender, report, **kwargs):
        seen.append(report)

    robots_receiver = reports.report_ready.disconnect(dispatch_uid="robots-report-ready")
    reports.report_ready.connect(receiver)
    try:
        reports.on_report_ready("the report")
    finally:
        reports.report_ready.disconnect(receiver)
        if robots_receiver:
            from core import robots

            reports.report_ready.connect(robots.announce_report, dispatch_uid="robots-report-ready")
    assert seen == ["the report"]


@pytest.mark.django_db
def test_a_district_viewer_reads_but_cannot_generate(client, make_user):
    viewer = make_user("district")
    client.force_login(viewer)
    assert client.get(reverse("core:report_list")).status_code == 200
    response = client.post(reverse("core:report_generate"), {"month": "2026-09"})
    assert response.status_code == 403 and not ExportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_beats_at_once_make_one_row_and_one_report_on_postgresql(test_metrics):
    from django.conf import settings

    from tests.conftest import require_service
    from tests.workflow_cases import burst

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        require_service("row locks under concurrent tasks need PostgreSQL (set DATABASE_URL)")
    school = SchoolFactory()
    month = reports.last_month().code
    statuses = burst(4, lambda _i: monthly_report(school.pk, month))
    assert statuses == ["ready"] * 4
    assert MonthlyReport.objects.filter(school=school).count() == 1
    assert not LogEntry.objects.filter(additional_data__event="report_regenerated").exists()


@pytest.mark.django_db
def test_the_apps_lists_are_in_the_report_with_their_rows(
    school, django_capture_on_commit_callbacks
):
    from safety.choices import Severity
    from safety.models import Hazard
    from tests.safety.factories import HazardFactory

    HazardFactory(school=school, severity=Severity.SERIOUS, description="配电室门锁损坏")
    HazardFactory(school=school, severity=Severity.GENERAL, description="走廊灯不亮")
    found_in_october = dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC)
    Hazard.objects.filter(school=school).update(created_at=found_in_october)
    HazardFactory(school=school, severity=Severity.SERIOUS, description="十一月才发现")
    report = _generate(school, Period.month(2026, 10), django_capture_on_commit_callbacks)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=report.pdf.read(), capture_output=True, check=True
    ).stdout.decode()
    for heading in ("超时的报修", "未销号的重大隐患", "借用逾期"):
        assert heading in text
    assert "配电室门锁损坏" in text and "走廊灯不亮" not in text and "十一月才发现" not in text
    assert {"repairs.breached", "safety.open_serious", "assets.overdue_loans"} <= set(
        reports.NOTABLES
    )
