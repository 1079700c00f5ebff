"""Lists of the budget: years, lines, adjustments and the execution table (list = export)."""

from __future__ import annotations

from django.db.models import Case, DecimalField, ExpressionWrapper, F, QuerySet, Value, When
from django.db.models.functions import Concat, Round
from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table
from finance.models import BudgetAdjustment, BudgetLine, BudgetYear

MONEY: DecimalField = DecimalField(max_digits=12, decimal_places=2)
RATE: DecimalField = DecimalField(max_digits=7, decimal_places=1)


def available_expr() -> ExpressionWrapper:
    return ExpressionWrapper(F("amount") - F("committed") - F("spent"), output_field=MONEY)


def rate_expr() -> Case:
    """Spent as a % of the budget, one decimal; None for a zero budget (nothing to divide)."""
    return Case(
        When(amount=0, then=Value(None, output_field=RATE)),
        default=Round(
            ExpressionWrapper(F("spent") * 100 / F("amount"), output_field=RATE), precision=1
        ),
        output_field=RATE,
    )


def line_rows() -> QuerySet:
    """Lines with what their lists show: available and the execution rate (one query a page)."""
    return BudgetLine.objects.select_related("budget_year", "department").annotate(
        available_amount=available_expr(), rate=rate_expr()
    )


def adjustment_rows() -> QuerySet:
    return BudgetAdjustment.objects.select_related("from_line", "to_line").annotate(
        requester_name=Concat("requested_by__last_name", "requested_by__first_name")
    )


class BudgetYearTable(Table):
    model = BudgetYear
    columns = [
        Column("year", _("Year"), link=True, width=8),
        Column("status", _("Status"), width=10),
        Column("closed_at", _("Closed at"), width=18),
        Column("notes", _("Notes"), width=30),
    ]


class BudgetLineTable(Table):
    model = BudgetLine
    columns = [
        Column("budget_year__year", _("Year"), kind="int", width=8),
        Column("name", _("Budget line"), link=True, width=24),
        Column("category", _("Economic category"), width=16),
        Column("department__name", _("Department"), width=16),
        Column("control", _("When exceeded"), width=12),
        Column("amount", _("Budget"), kind="money", width=13),
        Column("committed", _("Committed"), kind="money", width=13),
        Column("spent", _("Spent"), kind="money", width=13),
        Column("available_amount", _("Available"), kind="money", width=13),
    ]


class ExecutionTable(Table):
    """预算执行表: per line budget, committed, spent, available and the execution rate."""

    model = BudgetLine
    columns = [
        Column("budget_year__year", _("Year"), kind="int", width=8),
        Column("category", _("Economic category"), width=16),
        Column("department__name", _("Department"), width=16),
        Column("name", _("Budget line"), link=True, width=24),
        Column("amount", _("Budget"), kind="money", width=13),
        Column("committed", _("Committed"), kind="money", width=13),
        Column("spent", _("Spent"), kind="money", width=13),
        Column("available_amount", _("Available"), kind="money", width=13),
        Column("rate", _("Execution rate (%)"), kind="decimal", width=10),
        # Last, so a district viewer (lines of many schools) knows whose line a row is.
        Column("school__name", _("School"), width=16),
    ]


class CategoryTotalsTable(Table):
    """The execution totals by economic category (rows given, not read: see selectors)."""

    model = BudgetLine
    columns = [
        Column("category", _("Economic category"), width=16, sortable=False),
        Column("amount", _("Budget"), kind="money", width=13, sortable=False),
        Column("committed", _("Committed"), kind="money", width=13, sortable=False),
        Column("spent", _("Spent"), kind="money", width=13, sortable=False),
        Column("available_amount", _("Available"), kind="money", width=13, sortable=False),
        Column("rate", _("Execution rate (%)"), kind="decimal", width=10, sortable=False),
    ]


class BudgetAdjustmentTable(Table):
    model = BudgetAdjustment
    columns = [
        Column("created_at", _("Requested at"), link=True, width=18),
        Column("from_line__name", _("From line"), width=22),
        Column("to_line__name", _("To line"), width=22),
        Column("amount", _("Amount"), kind="money", width=13),
        Column("status", _("Status"), width=12),
        Column("requester_name", _("Requested by"), width=12),
    ]
