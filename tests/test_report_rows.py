"""The monthly report's rows sheets come from one source: the list page each figure links to, read
as the school's reader. A sheet holds the very rows that list's export has (so the rows a figure
counts, tests/<app>/test_metrics.py), bounded, and never another school's."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core import access, metrics, reports
from core.choices import Role
from core.metrics import Period
from core.views.generic import list_at
from safety.models import Hazard
from tests.assets.factories import AssetFactory, ConsumableFactory
from tests.factories import SchoolFactory
from tests.helpers import report_workbook, rows_on_sheet
from tests.repairs.factories import file_request, people
from tests.safety.factories import DrillFactory, EquipmentFactory, HazardFactory, TaskFactory

pytestmark = pytest.mark.django_db

PERIOD = Period.current_month()  # the records below are made today
# The statistics are computed from the month's filed requests: their rows are that list's.
FILED = {
    "repairs.sla_percent",
    "repairs.median_response",
    "repairs.median_finish",
    "repairs.rating_mean",
    "repairs.satisfied_percent",
    "repairs.repeat_rooms",
}


@pytest.fixture
def records(school):
    for _ in range(3):
        AssetFactory(school=school)
        file_request(school, people(school)["teacher"])
        HazardFactory(school=school)
    ConsumableFactory(school=school)
    TaskFactory(template__school=school, due_by=timezone.now() - dt.timedelta(hours=1))
    TaskFactory(template__school=school)
    DrillFactory(school=school, date=timezone.localdate(), status="held")
    EquipmentFactory(school=school, expiry_date=timezone.localdate() - dt.timedelta(1))
    other = SchoolFactory()  # matches every filter; never on this school's sheets
    AssetFactory(school=other)
    HazardFactory(school=other)
    file_request(other, people(other)["teacher"])


def _export(client, url: str) -> list[list]:
    response = client.get(url + ("&" if "?" in url else "?") + "export=xlsx")
    assert response.status_code == 200, url
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in book.worksheets[0].values]


def test_every_figure_has_a_list_of_its_rows_or_says_why(school):
    reader = access.school_reader(school)
    for metric in metrics.all_metrics():
        url = metric.rows_url(PERIOD)
        if url is None:
            assert metric.no_rows, metric.key
            continue
        view_class, _rows = list_at(reader, url)  # a list page the reader may read
        assert view_class.table_class, metric.key


def test_a_sheet_holds_the_rows_of_the_export_of_the_list_the_figure_links_to(
    records, school, client, make_user
):
    client.force_login(make_user(Role.DIRECTOR))
    content, book = report_workbook(school, PERIOD)
    checked = 0
    for metric in metrics.all_metrics():
        if metric.no_rows:
            continue
        # Not metric.rows_url: the test names the list itself, so another source would show.
        link = metrics.get("repairs.filed").link if metric.key in FILED else metric.link
        if metric.key == "canteen.cost_per_meal":  # computed from the food cost's rows
            link = metrics.get("canteen.food_cost").link
        assert link is not None, metric.key
        header, rows = rows_on_sheet(book, content, metric)
        assert [header, *rows] == _export(client, link(PERIOD)), metric.key
        checked += 1
    # all but the figures without rows (drills required, plan goals at risk)
    assert checked == len([m for m in metrics.all_metrics() if not m.no_rows]) > 30
    filed = rows_on_sheet(book, content, metrics.get("repairs.filed"))[1]
    assert len(filed) == 3


def test_figures_from_the_same_rows_share_one_sheet_named_on_the_figures_sheet(records, school):
    content, book = report_workbook(school, PERIOD)
    sheet = reports.rows_sheet_of(content, metrics.get("repairs.sla_percent"))
    assert sheet is reports.rows_sheet_of(content, metrics.get("repairs.filed"))
    figures = {row[1]: row[6] for row in book.worksheets[0].values}
    assert figures["按时完工率"] == figures["报修数"] == sheet.title == "报修数"
    assert len(book.sheetnames) == len(set(book.sheetnames))


def test_a_long_list_is_cut_and_the_sheet_says_so(records, school, settings):
    settings.REPORT_SHEET_MAX_ROWS = 2
    content, book = report_workbook(school, PERIOD)
    metric = metrics.get("safety.hazards_open")
    _header, rows = rows_on_sheet(book, content, metric)
    assert len(rows) == 2 and metric.value(school.pk, PERIOD) == 3
    note = book[reports.rows_sheet_of(content, metric).title]["A2"].value
    assert "共 3 条，此处列出前 2 条" in note and "/safety/hazards/?open=true" in note


def test_the_schools_reader_reads_its_school_only_and_is_nobody(school, other_school):
    HazardFactory(school=school)
    HazardFactory(school=other_school)
    reader = access.school_reader(school)
    assert reader.pk is None and not reader.is_superuser
    assert set(access.scope(reader, Hazard).values_list("school", flat=True)) == {school.pk}
    assert not access.scope(reader, Hazard, "change").exclude(school=school).exists()
