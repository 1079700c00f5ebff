"""The metric registry's periods and helpers (the metrics themselves are tested in their modules)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import metrics
from core.metrics import Period
from core.models import Room
from tests.factories import RoomFactory, SchoolFactory


def test_a_month_and_its_neighbours():
    november = Period.month(2026, 11)
    assert (november.start, november.end) == (dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    assert november.previous() == Period.month(2026, 10)
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert november.same_last_year() == Period.month(2025, 11)
    assert len(Period.year(2026).months()) == 12 and november.code == "2026-11"


@pytest.mark.parametrize("text", ["2026-13", "26-11", "abc", "", "2026-1x"])
def test_a_malformed_period_is_refused(text):
    with pytest.raises(ValidationError) as refused:
        Period.parse(text)
    assert refused.value.code == "bad_period"


def test_a_future_period_is_refused():
    with pytest.raises(ValidationError) as refused:
        Period.parse("2999-01")
    assert refused.value.code == "future_period"


def test_a_rate_of_nothing_is_no_data_not_zero():
    assert metrics.rate(0, 0) is None
    assert metrics.rate(0, 4) == Decimal("0.0")
    assert metrics.rate(1, 3) == Decimal("33.3")


@pytest.mark.django_db
def test_counts_for_many_schools_take_one_query_and_an_empty_school_counts_zero():
    busy, empty = SchoolFactory(), SchoolFactory()
    for _ in range(3):
        RoomFactory(school=busy, building__school=busy, building__campus__school=busy)
    with CaptureQueriesContext(connection) as captured:
        counted = metrics.count_by_school(Room.objects.all(), [busy.pk, empty.pk])
    assert counted == {busy.pk: 3, empty.pk: 0}
    assert len(captured) == 1


def test_a_key_cannot_be_registered_twice_with_another_meaning():
    first = metrics.Metric("test.twice", "A", "", metrics.HIGHER, "core", lambda ids, p: {})
    metrics.register(first)
    metrics.register(first)  # the same declaration again (a reloaded ready()) is fine
    with pytest.raises(ValueError):
        metrics.register(
            metrics.Metric("test.twice", "B", "", metrics.LOWER, "core", lambda i, p: {})
        )


def test_a_trend_has_every_month_of_the_period_with_no_data_as_none():
    seen = []

    def compute(ids, period):
        seen.append(period.code)
        return {ids[0]: 5} if period.code == "2026-03" else {}

    metric = metrics.Metric("test.trend", "T", "", metrics.HIGHER, "core", compute)
    trend = metric.trend(1, metrics.last_twelve_months(Period.month(2026, 11)))
    assert list(trend) == ["2025-12", *[f"2026-{m:02d}" for m in range(1, 12)]]
    assert trend["2026-03"] == 5 and trend["2026-04"] is None and len(seen) == 12


def test_a_shared_block_computes_a_common_read_once_and_nothing_is_kept_after_it():
    calls = []

    def read():
        calls.append(1)
        return len(calls)

    with metrics.shared():
        assert metrics.shared_result(("k",), read) == metrics.shared_result(("k",), read) == 1
        assert metrics.shared_result(("other",), read) == 2
    assert metrics.shared_result(("k",), read) == 3  # outside a block: computed every time
