"""Excel exports: a list's current filter → a formula-safe .xlsx, inline or as a background job."""

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import Workbook, load_workbook

from core import exports
from core.choices import ExportStatus, Role
from core.models import ExportJob
from core.tables import RoomTable
from tests import factories

ROOMS_URL = "/places/rooms/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CJK = re.compile(r"[\u4e00-\u9fff]")
ZH_MO = Path(django_settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"


def building_in(school, **extra):
    return factories.BuildingFactory(school=school, campus__school=school, **extra)


def room_in(building, **extra):
    return factories.RoomFactory(building=building, school=building.school, **extra)


def sheet_of(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content)).active


def data_rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def logistics(client, make_user):
    user = make_user(Role.LOGISTICS)
    client.force_login(user)
    return user


# ---- inline export of the rooms list ----


def test_rooms_export_is_an_xlsx_attachment_with_headers_of_the_table(client, logistics, school):
    room_in(building_in(school))

    response = client.get(ROOMS_URL, {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".xlsx" in response["Content-Disposition"]
    with translation.override("zh-hans"):
        expected = [str(column.header) for column in RoomTable.columns]
    headers = [cell.value for cell in sheet_of(response)[1]]
    assert headers == expected


def test_rooms_export_headers_are_chinese_when_the_catalog_is_compiled(client, logistics, school):
    if not ZH_MO.exists():
        pytest.skip("locale/zh_Hans/LC_MESSAGES/django.mo is not compiled yet")
    room_in(building_in(school))

    headers = [cell.value for cell in sheet_of(client.get(ROOMS_URL, {"export": "xlsx"}))[1]]

    assert any(CJK.search(header) for header in headers), headers


def test_rooms_export_freezes_the_header_row_and_sets_an_auto_filter(client, logistics, school):
    building = building_in(school)
    room_in(building)
    room_in(building)

    sheet = sheet_of(client.get(ROOMS_URL, {"export": "xlsx"}))

    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:F3"


def test_rooms_export_holds_exactly_the_filtered_rooms_of_the_school(
    client, logistics, school, other_school
):
    science = building_in(school, name="科学楼", code="K")
    arts = building_in(school, name="艺术楼", code="Y")
    room_in(science, code="101", name="物理实验室", floor=1, area=Decimal("60.50"))
    room_in(science, code="102", name="化学实验室", floor=1)
    room_in(arts, code="201", name="美术教室", floor=2)
    room_in(building_in(other_school, name="科学楼", code="K"), code="103", name="别校教室")

    response = client.get(ROOMS_URL, {"building": science.pk, "export": "xlsx"})

    with translation.override("zh-hans"):
        classroom = str(RoomTable().display(4, "classroom"))
    assert data_rows(sheet_of(response)) == [
        ["科学楼", "101", "物理实验室", 1, classroom, 60.5],
        ["科学楼", "102", "化学实验室", 1, classroom, None],
    ]


def test_rooms_export_without_filter_leaves_out_other_schools(
    client, logistics, school, other_school
):
    room_in(building_in(school), name="本校教室")
    room_in(building_in(other_school), name="别校教室")

    names = [row[2] for row in data_rows(sheet_of(client.get(ROOMS_URL, {"export": "xlsx"})))]

    assert names == ["本校教室"]


# ---- formula injection ----

DANGEROUS = ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx"]


@pytest.mark.parametrize("name", DANGEROUS)
def test_a_room_name_that_looks_like_a_formula_is_exported_as_text(client, logistics, school, name):
    room_in(building_in(school), name=name)

    cell = sheet_of(client.get(ROOMS_URL, {"export": "xlsx"}))["C2"]

    assert cell.data_type == "s"
    assert cell.quotePrefix  # Excel keeps it text even when the cell is edited
    assert cell.value == name


def test_a_room_name_starting_with_carriage_return_is_exported_as_text(client, logistics, school):
    room_in(building_in(school), name="\rx")

    cell = sheet_of(client.get(ROOMS_URL, {"export": "xlsx"}))["C2"]

    assert cell.data_type == "s"
    assert cell.value.endswith("x")


# openpyxl writes through lxml (a dependency), which keeps a CR as &#13;.
def test_a_room_name_starting_with_carriage_return_keeps_its_exact_text(client, logistics, school):
    room_in(building_in(school), name="\rx")

    assert sheet_of(client.get(ROOMS_URL, {"export": "xlsx"}))["C2"].value == "\rx"


def _roundtrip(cells):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("t")
    sheet.append([make(sheet) for make in cells])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return list(load_workbook(io.BytesIO(buffer.getvalue())).active[1])


def test_text_cell_keeps_formula_lookalikes_as_quoted_text():
    cells = _roundtrip([lambda s, v=v: exports.text_cell(s, v) for v in DANGEROUS])

    assert [c.value for c in cells] == DANGEROUS
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_text_cell_leaves_ordinary_text_alone():
    (cell,) = _roundtrip([lambda s: exports.text_cell(s, "教室 1")])

    assert (cell.value, cell.data_type, cell.quotePrefix) == ("教室 1", "s", False)


def test_value_cell_formats_numbers_dates_booleans_and_strings():
    cells = _roundtrip(
        [
            lambda s: exports.value_cell(s, Decimal("12.50"), "decimal"),
            lambda s: exports.value_cell(s, dt.date(2026, 9, 1), "date"),
            lambda s: exports.value_cell(s, True, "bool"),
            lambda s: exports.value_cell(s, None, "text"),
            lambda s: exports.value_cell(s, "=HYPERLINK(1)", "text"),
        ]
    )

    amount, day, flag, empty, text = cells
    assert (amount.value, amount.data_type, amount.number_format) == (12.5, "n", "0.00")
    assert day.is_date and day.value.date() == dt.date(2026, 9, 1)
    assert day.number_format == "yyyy-mm-dd"
    assert flag.value == "✓"
    assert empty.value is None
    assert (text.value, text.data_type) == ("=HYPERLINK(1)", "s")


# ---- number and date formats ----


def test_room_area_is_exported_as_a_number_with_two_decimals(client, logistics, school):
    room_in(building_in(school), area=Decimal("48.25"))

    cell = sheet_of(client.get(ROOMS_URL, {"export": "xlsx"}))["F2"]

    assert cell.data_type == "n"
    assert cell.value == 48.25
    assert cell.number_format == "0.00"


def test_term_dates_are_exported_as_dates(client, logistics, school):
    factories.TermFactory(school=school, start=dt.date(2026, 9, 1), end=dt.date(2027, 1, 22))

    sheet = sheet_of(client.get("/places/terms/", {"export": "xlsx"}))

    start, end = sheet["B2"], sheet["C2"]
    assert start.is_date and start.value.date() == dt.date(2026, 9, 1)
    assert end.is_date and end.value.date() == dt.date(2027, 1, 22)
    assert start.number_format == end.number_format == "yyyy-mm-dd"


# ---- queries ----


def _export_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(ROOMS_URL, {"export": "xlsx"})
        b"".join(response.streaming_content)
    return len(ctx.captured_queries)


def test_export_query_count_does_not_grow_with_rows(client, logistics, school):
    building = building_in(school)
    for _ in range(3):
        room_in(building)
    _export_queries(client)  # warm caches (content types, sessions…)
    few = _export_queries(client)

    for _ in range(27):
        room_in(building)
    many = _export_queries(client)

    assert few == many


# ---- background export job ----


@pytest.fixture
def big_export(client, logistics, school, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.EXPORT_INLINE_MAX_ROWS = 5
    settings.MEDIA_ROOT = tmp_path
    building = building_in(school)
    for _ in range(12):
        room_in(building)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(ROOMS_URL, {"export": "xlsx"})
    return response


def test_a_large_export_redirects_to_its_job_page(big_export, logistics):
    job = ExportJob.objects.get()

    assert big_export.status_code == 302
    assert big_export["Location"] == f"/exports/{job.pk}/"
    assert job.requested_by == logistics


def test_a_large_export_job_runs_to_completion(big_export):
    job = ExportJob.objects.get()

    assert job.status == ExportStatus.DONE
    assert job.done_rows == job.total_rows == 12
    assert job.file and Path(job.file.path).is_file()


def test_the_job_page_shows_100_percent_and_a_download_link(big_export, client):
    job = ExportJob.objects.get()

    page = client.get(f"/exports/{job.pk}/").content.decode()

    assert re.search(r'data-testid="export-status">[^<]*100%', page)
    assert f'href="/exports/{job.pk}/download/"' in page
    assert 'data-testid="export-download"' in page


def test_the_job_download_is_the_xlsx_with_all_rows(big_export, client):
    job = ExportJob.objects.get()

    response = client.get(f"/exports/{job.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert len(data_rows(sheet_of(response))) == 12


def test_another_user_of_the_same_school_cannot_see_or_download_the_job(
    big_export, client, make_user
):
    job = ExportJob.objects.get()
    client.force_login(make_user(Role.LOGISTICS))

    assert client.get(f"/exports/{job.pk}/").status_code == 404
    assert client.get(f"/exports/{job.pk}/download/").status_code == 404


# ---- bad filters ----


def test_an_invalid_filter_gives_400_and_no_file(client, logistics, school):
    room_in(building_in(school))

    response = client.get(ROOMS_URL, {"building": "not-a-number", "export": "xlsx"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert not ExportJob.objects.exists()
