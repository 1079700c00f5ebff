"""The export's row writer: one reused styled cell per formatted column must still give every
row its own value and format; dates and whole numbers plain; text through the formula guard."""

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from core import exports
from core.models import Term
from core.tables import Column, Table


class LedgerLike(Table):
    model = Term
    columns = [
        Column("name", "name"),
        Column("amount", "amount", kind="money"),
        Column("count", "count", kind="int"),
        Column("start", "start", kind="date"),
        Column("at", "at", kind="datetime"),
        Column("flag", "flag", kind="bool"),
    ]


ROWS = [
    ["=SUM(A1)", Decimal("1234.5"), 3, dt.date(2026, 9, 1), dt.datetime(2026, 9, 1, 8, 30), True],
    ["教室", Decimal("7"), None, dt.date(2027, 1, 22), None, False],
    [None, None, 12, None, dt.datetime(2027, 2, 3, 17, 5), None],
]


def test_every_row_keeps_its_own_values_and_formats():
    out = io.BytesIO()
    count = exports.write_table(out, table=LedgerLike(), rows=iter(enumerate(ROWS)), title="t")
    assert count == 3
    sheet = load_workbook(io.BytesIO(out.getvalue())).active
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[1].value for r in rows] == [1234.5, 7, None]
    assert [r[1].number_format for r in rows[:2]] == ["#,##0.00", "#,##0.00"]
    assert [r[2].value for r in rows] == [3, None, 12]
    assert [r[3].value.date() if r[3].value else None for r in rows] == [
        dt.date(2026, 9, 1),
        dt.date(2027, 1, 22),
        None,
    ]
    assert rows[0][3].number_format == rows[1][3].number_format == "yyyy-mm-dd"
    assert [r[4].value for r in rows] == [
        dt.datetime(2026, 9, 1, 8, 30),
        None,
        dt.datetime(2027, 2, 3, 17, 5),
    ]
    assert rows[2][4].number_format == "yyyy-mm-dd hh:mm"
    assert [r[5].value for r in rows] == ["✓", None, None]
    formula = rows[0][0]
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=SUM(A1)", "s", True)
    assert rows[1][0].value == "教室"
