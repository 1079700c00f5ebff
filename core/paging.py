"""Paging a list without an exact count where an estimate serves.

A text search can match most of a large table (every asset card is "资产…"): counting all of its
rows exactly would scan them all, where the page itself needs only the first fifty. The
`EstimatingPaginator` counts exactly up to a cap (and always one page past the requested one, so
"next" never leads to an empty page); beyond that the total is PostgreSQL's planner estimate,
shown as "about N rows". Lists without a text search keep the exact count.
"""

from __future__ import annotations

import contextlib
import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1000
# No list has this many pages; a larger ?page= would make the count's LIMIT overflow the
# database's integer (a 500 instead of "no such page").
MAX_PAGE = 10**6


class EstimatingPaginator(Paginator):
    """A Paginator over a queryset whose `count` is exact up to `COUNT_CAP` rows (or one page
    past the requested page), and the planner's estimate beyond; `estimated` says which."""

    estimated = False
    object_list: QuerySet

    def __init__(self, object_list: QuerySet, per_page, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.wanted = 1

    def validate_number(self, number):
        # The page asked for decides how far the exact count must go; `count` is read after.
        with contextlib.suppress(TypeError, ValueError):
            self.wanted = min(max(1, int(number)), MAX_PAGE)
        return super().validate_number(number)

    @cached_property
    def count(self) -> int:
        limit = max(COUNT_CAP, (self.wanted + 1) * self.per_page)
        counted = self.object_list[: limit + 1].count()
        if counted <= limit:
            return counted
        estimate = planner_rows(self.object_list)
        if estimate is None:
            return self.object_list.count()
        self.estimated = True
        return max(estimate, counted)


def planner_rows(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of the rows of `queryset` (EXPLAIN, nothing is read); else None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def paginator_class(params) -> type[Paginator]:
    """The estimating paginator for a text search (`?q=`), Django's exact one otherwise."""
    return EstimatingPaginator if (params.get("q") or "").strip() else Paginator
