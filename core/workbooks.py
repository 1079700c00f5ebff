"""The one way the app reads an uploaded workbook: bounded before and while it is read.

An .xlsx is a zip: a few hundred KB on disk can expand to gigabytes (openpyxl loads the shared
strings part whole, even in read-only mode), and a sheet's dimension can claim a million rows of
16,384 columns. `read_sheet` refuses, with one clear sentence, a file too large on disk, a zip
whose parts expand past a bound (checked from the zip directory, before anything is
decompressed; zipfile then never inflates a part past its declared size), a sheet with more rows
or columns than asked for — and reads only those columns, row by row (flat memory).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_PART_BYTES = 30 * 2**20  # one part (a sheet, the shared strings) once decompressed
MAX_TOTAL_BYTES = 60 * 2**20
MAX_PARTS = 200
SCANNED_ROWS_PER_ROW = 10  # empty formatted rows are read too: at most 10× the rows asked for


class WorkbookRefused(Exception):
    """The upload is not a workbook the app will read; `message` says why, to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Sheet:
    header: tuple  # the first non-empty row
    header_row: int
    rows: list[tuple[int, tuple]]  # (the spreadsheet's row number, values) of non-empty rows


def _not_xlsx() -> WorkbookRefused:
    return WorkbookRefused(_("This is not a valid Excel (.xlsx) file."))


def check_archive(upload: IO[bytes]) -> None:
    """Refuse a zip whose parts would expand past the bounds (nothing is decompressed here)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_xlsx() from None
    finally:
        upload.seek(0)
    expanded = sum(part.file_size for part in parts)
    too_big = any(part.file_size > MAX_PART_BYTES for part in parts) or expanded > MAX_TOTAL_BYTES
    if len(parts) > MAX_PARTS or too_big:
        raise WorkbookRefused(
            _("The workbook expands to more than %(mb)s MB when opened; it cannot be read.")
            % {"mb": MAX_TOTAL_BYTES // 2**20}
        )


def _blank(values: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _rows(sheet: Any, *, max_rows: int, max_columns: int) -> Iterator[tuple[int, tuple]]:
    """Non-empty rows, at most max_columns wide (a value further right is refused)."""
    scanned_limit = (max_rows + 1) * SCANNED_ROWS_PER_ROW
    for number, values in enumerate(
        sheet.iter_rows(values_only=True, max_col=max_columns + 1), start=1
    ):
        if number > scanned_limit:
            raise WorkbookRefused(
                _("The sheet has more than %(n)s rows (formatted empty rows count too).")
                % {"n": scanned_limit}
            )
        if len(values) > max_columns and not _blank(values[max_columns:]):
            raise WorkbookRefused(_("The sheet has more than %(n)s columns.") % {"n": max_columns})
        if not _blank(values):
            yield number, tuple(values[:max_columns])


def read_sheet(upload: Any, *, max_bytes: int, max_rows: int, max_columns: int) -> Sheet:
    """The first sheet's header and up to `max_rows` non-empty rows below it, or WorkbookRefused."""
    if upload.size is None or upload.size > max_bytes:
        raise WorkbookRefused(
            _("The file is larger than %(mb)s MB; split it into smaller files.")
            % {"mb": max_bytes // 2**20}
        )
    check_archive(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise _not_xlsx() from None
    try:
        rows = _rows(workbook.worksheets[0], max_rows=max_rows, max_columns=max_columns)
        first = next(rows, None)
        if first is None:
            raise WorkbookRefused(_("The spreadsheet is empty."))
        data: list[tuple[int, tuple]] = []
        for row in rows:
            if len(data) >= max_rows:
                raise WorkbookRefused(
                    _("At most %(n)s rows can be imported at once.") % {"n": max_rows}
                )
            data.append(row)
        return Sheet(header=first[1], header_row=first[0], rows=data)
    except (zipfile.BadZipFile, KeyError, IndexError, OSError, ValueError, TypeError):
        raise _not_xlsx() from None
    finally:
        workbook.close()
