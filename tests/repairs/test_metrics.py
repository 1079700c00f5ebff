"""The repairs figures of the metric registry: known values, "no data" vs 0, the list behind
each figure shows exactly the rows counted, and the query count does not grow with schools/rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import metrics
from core.metrics import Period
from repairs.choices import Status
from tests.factories import SchoolFactory
from tests.repairs.factories import file_request, people, room_of
from tests.repairs.test_stats import FRI, MON, TUE, WED, at, done, request_with

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month(2026, 11)
COUNTS = ["repairs.filed", "repairs.overdue", "repairs.overdue_response", "repairs.overdue_finish"]


@pytest.fixture
def november(school, crew, room):
    """Four requests of November 2026 (the statistics test's) and one duplicate."""
    made = {
        "on_time": request_with(
            school,
            crew,
            room,
            **done(at(FRI, 10), at(FRI, 10, 30), at(FRI, 13), at(MON, 10), at(TUE, 17), 5),
        ),
        "answered_late": request_with(
            school,
            crew,
            room,
            **done(at(FRI, 16), at(MON, 11), at(MON, 10), at(MON, 15), at(WED, 17), 3),
        ),
        "unrated": request_with(
            school,
            crew,
            room,
            **done(at(FRI, 9), at(FRI, 9, 30), at(FRI, 12), at(FRI, 15), at(TUE, 17)),
        ),
        "open_late": request_with(
            school,
            crew,
            room,
            status=Status.ASSIGNED,
            created_at=at(dt.date(2026, 11, 2), 9),
            responded_at=at(dt.date(2026, 11, 2), 9, 30),
            respond_due_at=at(dt.date(2026, 11, 2), 12),
            finish_due_at=at(dt.date(2026, 11, 5), 17),
        ),
    }
    request_with(
        school,
        crew,
        room,
        status=Status.DUPLICATE,
        duplicate_of=made["on_time"],
        created_at=at(MON, 9),
    )
    return made


def value(key, school, period=NOVEMBER):
    return metrics.get(key).value(school.pk, period)


def test_the_figures_of_a_known_month(november, school):
    assert value("repairs.filed", school) == 4
    assert value("repairs.open", school) == 1
    assert value("repairs.overdue", school) == 2
    assert value("repairs.overdue_response", school) == 1
    assert value("repairs.overdue_finish", school) == 1
    assert value("repairs.sla_percent", school) == Decimal("50.0")
    assert value("repairs.median_response", school) == Decimal("0.5")
    assert value("repairs.rating_mean", school) == Decimal("4.0")
    assert value("repairs.satisfied_percent", school) == Decimal("33.3")
    assert value("repairs.repeat_rooms", school) == 1


def test_the_statistics_page_shows_the_same_numbers(november, school, crew, client):
    client.force_login(crew["director"])
    total = client.get("/repairs/stats/", {"year": 2026, "month": 11}).context["total"]
    assert value("repairs.filed", school) == total.count
    assert value("repairs.sla_percent", school) == Decimal(str(total.sla_percent))
    assert value("repairs.median_finish", school) == Decimal(str(total.median_finish))
    assert value("repairs.satisfied_percent", school) == Decimal(str(total.satisfied_percent))


def test_a_school_without_requests_has_zero_counts_and_no_rates(school):
    for key in [*COUNTS, "repairs.open", "repairs.repeat_rooms"]:
        assert value(key, school) == 0, key
    for key in ["repairs.sla_percent", "repairs.median_response", "repairs.rating_mean"]:
        assert value(key, school) is None, key


@pytest.mark.parametrize("key", [*COUNTS, "repairs.open"])
def test_the_link_lists_exactly_the_rows_counted(november, school, crew, client, key):
    other = SchoolFactory()
    file_request(other, people(other)["teacher"])  # another school's row never shows
    client.force_login(crew["director"])
    metric = metrics.get(key)
    page = client.get(metric.link(NOVEMBER))
    assert page.status_code == 200
    assert len(page.context["rows"]) == metric.value(school.pk, NOVEMBER)


def test_the_breakdowns_link_to_their_rows(november, school, crew, client):
    client.force_login(crew["director"])
    for _key, _label, breakdown in metrics.get("repairs.filed").breakdowns:
        for _name, count, link in breakdown(school.pk, NOVEMBER):
            if link:
                assert len(client.get(link).context["rows"]) == count, link


def test_the_trend_is_one_query(november, school):
    year = metrics.last_twelve_months(NOVEMBER)
    with CaptureQueriesContext(connection) as captured:
        trend = metrics.get("repairs.filed").trend(school.pk, year)
    assert len(captured) == 1
    assert trend["2026-11"] == 4 and trend["2026-10"] == 0


def _queries(school_ids) -> int:
    with CaptureQueriesContext(connection) as captured:
        for metric in metrics.all_metrics("repairs"):
            metric.values(school_ids, NOVEMBER)
    return len(captured)


def test_the_query_count_is_the_same_for_1_2_or_20_schools_and_few_or_many_rows(
    november, school, crew
):
    others = [SchoolFactory() for _ in range(19)]
    one = _queries([school.pk])
    two = _queries([school.pk, others[0].pk])
    twenty = _queries([school.pk, *(s.pk for s in others)])
    room = room_of(others[0])
    for _ in range(12):
        request_with(others[0], people(others[0]), room, created_at=at(MON, 9))
    assert one == two == twenty == _queries([school.pk, *(s.pk for s in others)])


def test_the_statistics_figures_share_one_read_on_a_page(november, school):
    stat_keys = [
        m for m in metrics.all_metrics("repairs") if m.link and "stats" in m.link(NOVEMBER)
    ]
    stats_based = [m for m in stat_keys if m.key != "repairs.repeat_rooms"]
    with CaptureQueriesContext(connection) as alone:
        stats_based[0].value(school.pk, NOVEMBER)
    with metrics.shared(), CaptureQueriesContext(connection) as together:
        found = [m.value(school.pk, NOVEMBER) for m in stats_based]
    assert len(together) == len(alone) and len(stats_based) == 5
    assert found == [m.value(school.pk, NOVEMBER) for m in stats_based]


def test_the_reports_sheets_hold_the_rows_behind_each_figure(november, school):
    from tests.helpers import report_workbook, rows_on_sheet

    other = SchoolFactory()
    file_request(other, people(other)["teacher"])  # another school's row never shows
    content, book = report_workbook(school, NOVEMBER)
    for key in [*COUNTS, "repairs.open"]:
        _header, rows = rows_on_sheet(book, content, metrics.get(key))
        assert len(rows) == value(key, school), key
    # The statistics are computed from the requests filed in the month: their sheet lists them.
    for key in ["repairs.sla_percent", "repairs.median_finish", "repairs.repeat_rooms"]:
        header, rows = rows_on_sheet(book, content, metrics.get(key))
        assert len(rows) == value("repairs.filed", school) == 4, key
        assert str(Status.DUPLICATE.label) not in {r[header.index("状态")] for r in rows}


def test_a_room_named_like_a_formula_stays_text_on_the_reports_sheet(november, school, room):
    from core import reports
    from tests.helpers import report_workbook

    room.name = '=HYPERLINK("http://evil.example","点我")'
    room.save()
    content, book = report_workbook(school, NOVEMBER)
    sheet = book[reports.rows_sheet_of(content, metrics.get("repairs.filed")).title]
    header = [c.value for c in sheet[3]]
    cells = [row[header.index("场室")] for row in sheet.iter_rows(min_row=4)]
    assert len(cells) == 4
    assert all(c.value == room.name and c.data_type == "s" for c in cells)
