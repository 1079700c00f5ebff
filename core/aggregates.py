"""SQL aggregates Django does not ship: the median, for the metrics and statistics pages.

PostgreSQL computes it with the ordered-set aggregate ``percentile_cont(0.5)``; SQLite (the
development database) has none, so a ``zongwu_median`` aggregate function is registered on each
SQLite connection (``register_sqlite``, from core's ready()) and SQLite calls it over the one
column. Either way the median is the middle value, the mean of the two middle ones for an even
count, and None when no row has a value (NULLs are skipped), like ``statistics.median``.
"""

from __future__ import annotations

import statistics

from django.db.models import Aggregate, FloatField

SQLITE_MEDIAN = "zongwu_median"


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        # On a copy, not as arguments: Aggregate.as_sql passes its own `template` with a filter.
        plain = self.copy()
        plain.function, plain.template = SQLITE_MEDIAN, Aggregate.template
        return plain.as_sql(compiler, connection, **extra_context)


class _SQLiteMedian:
    """SQLite's aggregate protocol: step() per row of the group, finalize() once."""

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(value)

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


def register_sqlite(sender, connection, **kwargs) -> None:
    """connection_created receiver: the median on a new SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(SQLITE_MEDIAN, 1, _SQLiteMedian)
