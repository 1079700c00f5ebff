"""The budget's figures (core.metrics): execution % and money committed, for many schools at once.

Both read the lines of the period's year (the fiscal year is the calendar year: a month or a
term counts the budget of the year it starts in), in one grouped query for any number of
schools; a school with no budget that year has no figure (None), distinct from 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.metrics import HIGHER, LOWER, Metric, Period
from finance.selectors_budget import by_school


def _year(period: Period) -> int:
    return period.start.year


def budget_execution(school_ids: Sequence[int], period: Period) -> dict[int, metrics.Value]:
    """Spent as a % of the budget of the period's year; None without a budget."""
    found = by_school(school_ids, _year(period))
    return {
        school_id: metrics.rate(row["spent"], row["amount"]) for school_id, row in found.items()
    }


def committed(school_ids: Sequence[int], period: Period) -> dict[int, metrics.Value]:
    """Yuan committed to approved purchases not yet paid, on the period's year's lines."""
    found = by_school(school_ids, _year(period))
    return {school_id: row["committed"] for school_id, row in found.items()}


def _lines(period: Period, extra: str = "") -> str:
    return f"{reverse('finance:budgetline_list')}?year={_year(period)}{extra}"


def register() -> None:
    metrics.register(
        Metric(
            key="finance.budget_execution",
            label=_("Budget execution"),
            unit="%",
            direction=HIGHER,
            module="finance",
            compute=budget_execution,
            model="finance.BudgetLine",
            link=lambda period: _lines(period),
            help=_("Spent as a share of the budget of the period's year, all lines together."),
        ),
        Metric(
            key="finance.committed",
            label=_("Budget committed, not yet paid"),
            unit=_("yuan"),
            direction=LOWER,
            module="finance",
            compute=committed,
            model="finance.BudgetLine",
            link=lambda period: _lines(period, "&committed=true"),
            help=_("Money of approved purchases not yet paid, on the lines of the period's year."),
        ),
    )
