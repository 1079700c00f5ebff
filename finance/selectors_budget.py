"""Reads of the budget: execution totals by category and by school, in grouped queries."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from core import metrics
from finance.choices import EconomicCategory
from finance.models import BudgetLine
from finance.tables_budget import MONEY

ZERO = Decimal("0.00")


def _sums() -> dict:
    return {
        name: Coalesce(Sum(name), ZERO, output_field=MONEY)
        for name in ("amount", "committed", "spent")
    }


def _row(label: str, amount: Decimal, committed: Decimal, spent: Decimal) -> list:
    return [
        label,
        amount,
        committed,
        spent,
        amount - committed - spent,
        metrics.rate(spent, amount),
    ]


def category_totals(lines: QuerySet) -> tuple[list[tuple[None, list]], list]:
    """The lines' totals by economic category (one grouped query) and the grand total, as rows
    of finance.tables_budget.CategoryTotalsTable: [category, budget, committed, spent,
    available, rate]."""
    grouped = lines.order_by().values("category").annotate(**_sums()).order_by("category")
    labels = dict(EconomicCategory.choices)
    rows, total = [], [ZERO, ZERO, ZERO]
    for found in grouped:
        figures = [found["amount"], found["committed"], found["spent"]]
        rows.append((None, _row(str(labels.get(found["category"], found["category"])), *figures)))
        total = [a + b for a, b in zip(total, figures, strict=True)]
    return rows, _row("", *total)[1:]


def by_school(school_ids: Sequence[int], year: int) -> dict[int, dict[str, Decimal]]:
    """Each school's budget, committed and spent of `year` (its lines not archived), in one
    grouped query; a school without lines that year is absent."""
    grouped = (
        BudgetLine.objects.filter(
            school_id__in=list(school_ids), budget_year__year=year, archived_at__isnull=True
        )
        .order_by()
        .values("school_id")
        .annotate(**_sums())
    )
    return {row.pop("school_id"): row for row in grouped}
