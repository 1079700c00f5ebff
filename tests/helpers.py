"""Test helpers shared by every app's tests (factories are in tests/factories.py)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, params: dict | None = None, **extra) -> int:
    """Queries one GET runs (a streamed body is read to the end); the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {**(params or {}), **extra})
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def report_workbook(school, period):
    """The monthly report's content and its workbook, read back with openpyxl."""
    import io

    from openpyxl import load_workbook

    from core import reports

    content = reports.build(school, period)
    return content, load_workbook(io.BytesIO(reports.write_xlsx(content)))


def rows_on_sheet(book, content, metric) -> tuple[list, list[list]]:
    """The header and the rows of the sheet behind the figure (two lines of notes above)."""
    from core import reports

    entry = reports.rows_sheet_of(content, metric)
    assert entry is not None, metric.key
    values = [list(row) for row in book[entry.title].values]
    return values[2], values[3:]
