"""The one Excel export path: a list's current filter → .xlsx, streamed, formula-safe."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.tables import Table

# A spreadsheet program may run a cell starting with one of these as a formula (CSV/DDE injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
NUMBER_FORMATS = {
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "money": "#,##0.00",
    "decimal": "0.00",
    "int": "0",
}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_ROWS = 2000


def text_cell(sheet: Worksheet, value: Any) -> Cell:
    """A cell whose text is always shown as text, never evaluated as a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    return cell


def safe_row(sheet: Worksheet, values: Iterable[Any]) -> list:
    """A row for any workbook the app writes outside `write_table` (templates, reference lists,
    reports): every text that a spreadsheet could run as a formula goes through `text_cell`."""
    return [text_cell(sheet, v) if isinstance(v, str) else v for v in values]


def new_workbook() -> Workbook:
    """Every workbook the app writes starts here (write-only: flat memory); rows go through
    `write_table`, `safe_row` or `header_cell`, so no cell is ever a live formula."""
    return Workbook(write_only=True)


def value_cell(sheet: Worksheet, value: Any, kind: str) -> Cell | str | None:
    """A cell for the value; plain safe text and empty values are passed as they are (faster)."""
    if value is None:
        return None
    if isinstance(value, bool):
        value = "✓" if value else ""
    if isinstance(value, (int, float, Decimal, dt.date)):
        # openpyxl writes Decimal and date values; types-openpyxl's WriteOnlyCell omits them.
        cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
        if kind in NUMBER_FORMATS:
            cell.number_format = NUMBER_FORMATS[kind]
        return cell
    text = str(value)
    return text_cell(sheet, text) if text.startswith(FORMULA_TRIGGERS) else text


# Formats set on one reused cell per column; a date gets openpyxl's own yyyy-mm-dd, a whole number
# needs none (General shows it as it is).
COLUMN_FORMATS = {kind: NUMBER_FORMATS[kind] for kind in ("money", "decimal", "datetime")}
STYLED_TYPES = frozenset({int, float, Decimal, dt.date, dt.datetime})
PLAIN_TYPES = frozenset({int, float, dt.date})


class RowCells:
    """Turns a row's values into what a write-only sheet appends, at about the bare loop's cost.

    A new styled cell per number (600,000 in a 100,000-row ledger) was the export's main cost:
    openpyxl takes a passed cell through a caught exception and a fresh cell after it. Here a
    formatted column (money, decimals, date-times) reuses one styled cell whose value changes
    row by row (write-only mode writes each row out at once); dates and whole numbers go plain;
    everything else, every text above all, goes through `value_cell` and its formula guard."""

    def __init__(self, sheet: Worksheet, kinds: list[str]):
        self.sheet = sheet
        self.kinds = kinds
        self.styled = [self._styled_cell(kind) for kind in kinds]

    def _styled_cell(self, kind: str) -> Cell | None:
        if kind not in COLUMN_FORMATS:
            return None
        cell = WriteOnlyCell(self.sheet)
        cell.number_format = COLUMN_FORMATS[kind]
        return cell

    def __call__(self, values: list) -> list:
        sheet, plain, styled_types = self.sheet, PLAIN_TYPES, STYLED_TYPES
        out: list = []
        append = out.append
        for value, kind, styled in zip(values, self.kinds, self.styled, strict=True):
            if value is None:
                append(None)
            elif styled is not None and type(value) in styled_types:
                styled.value = value
                append(styled)
            elif type(value) in plain:
                append(value)
            else:
                append(value_cell(sheet, value, kind))
        return out


def write_table(
    out: IO[bytes] | str,
    *,
    table: Table,
    rows: Iterable[tuple[int, list]],
    title: str,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write the rows to an .xlsx file in write-only mode (flat memory). Returns the row count."""
    workbook = new_workbook()
    count = table_sheet(workbook, table=table, rows=rows, title=title, on_progress=on_progress)
    workbook.save(out)
    return count


def table_sheet(
    workbook: Workbook,
    *,
    table: Table,
    rows: Iterable[tuple[int, list]],
    title: str,
    notes: Iterable[str] = (),
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """A sheet of the table's rows in the workbook, as a list's export writes it (its columns,
    widths and number formats, every text formula-safe); `notes`, lines of text above the
    header (the monthly report says what the rows are). Returns the row count."""
    sheet = workbook.create_sheet(title=safe_sheet_title(title))
    headers = table.headers()
    for index, (column, _kind) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    lines = list(notes)
    header_row = len(lines) + 1
    # Write-only: the panes and the widths are written with the first row, so set them first.
    sheet.freeze_panes = f"A{header_row + 1}"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row}"
    for line in lines:
        sheet.append([text_cell(sheet, line)])
    sheet.append([header_cell(sheet, str(column.header)) for column, _ in headers])
    cells = RowCells(sheet, [kind for _column, kind in headers])
    count = 0
    for _pk, values in rows:
        sheet.append(cells(values))
        count += 1
        if on_progress and count % CHUNK_ROWS == 0:
            on_progress(count)
    if count:
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + count}"
    return count


def header_cell(sheet: Worksheet, text: str) -> Cell:
    cell = text_cell(sheet, text)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="DDEBF7")
    cell.alignment = Alignment(horizontal="center", vertical="center")
    return cell


def safe_sheet_title(title: str) -> str:
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in title)
    return cleaned[:31] or "Sheet1"


def temporary_xlsx() -> IO[bytes]:
    return tempfile.NamedTemporaryFile(suffix=".xlsx")
