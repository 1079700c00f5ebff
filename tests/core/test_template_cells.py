"""How list and detail cells show values."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.templatetags.zongwu import cell


def test_aware_datetimes_are_shown_in_school_time():
    utc_evening = dt.datetime(2026, 11, 20, 16, 30, tzinfo=ZoneInfo("UTC"))
    assert cell(utc_evening) == "2026-11-21 00:30"


def test_empty_money_and_dates():
    assert cell(None) == "—"
    assert cell(Decimal("18600000")) == "18,600,000.00"
    assert cell(dt.date(2026, 9, 1)) == "2026-09-01"
