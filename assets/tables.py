"""Columns of the lists and their Excel exports (Chinese headers come from the catalog)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets import depreciation
from assets.models import (
    Asset,
    AssetCategory,
    AssetMovement,
    Compensation,
    Consumable,
    DisposalRequest,
    PropertyCheck,
    Stocktake,
    StocktakeLine,
)
from core.tables import Column, Table


class AssetTable(Table):
    """The asset ledger (资产台账) in the layout auditors expect. `total_amount`,
    `accumulated_depreciation` and `net_value` are SQL annotations (assets.depreciation)."""

    model = Asset
    columns = [
        Column("code", _("Asset code"), link=True, width=16),
        Column("name", _("Name"), link=True, width=22),
        Column("category__name", _("Category"), width=16),
        Column("spec", _("Specification"), width=20),
        Column("unit", _("Unit"), width=6),
        Column("quantity", _("Quantity"), width=8),
        Column("unit_price", _("Unit price"), kind="money", width=12),
        Column("total_amount", _("Amount"), kind="money", width=14),
        Column("purchase_date", _("Purchase date"), width=12),
        Column("source", _("Source"), width=10),
        Column("room__name", _("Location"), width=18),
        Column("custodian__last_name", _("Custodian (family name)"), width=10),
        Column("custodian__first_name", _("Custodian (given name)"), width=10),
        Column("status", _("Status"), width=10),
        Column("accumulated_depreciation", _("Accumulated depreciation"), kind="money", width=14),
        Column("net_value", _("Net value"), kind="money", width=14),
    ]
    computed = frozenset({"total_amount", "accumulated_depreciation", "net_value"})

    def rows(self, queryset: QuerySet, *, chunk_size: int | None = None):
        """The computed columns are added here (today's depreciation), so every reader of this
        table (list page, inline export, background export job) gets them from the same SQL."""
        if "net_value" not in queryset.query.annotations:
            queryset = depreciation.annotate_depreciation(queryset, timezone.localdate())
        # Same values as Table.display, with the per-cell work hoisted out of the loop (the
        # ledger export writes 1.6 million cells): choice labels translated once, and only the
        # columns that need a conversion touched.
        labels = [
            (index, {key: str(label) for key, label in choices.items()})
            for index, (_column, _kind, choices) in enumerate(self.resolved)
            if choices is not None
        ]
        money = [
            index
            for index, (_column, kind, choices) in enumerate(self.resolved)
            if kind in ("decimal", "money") and choices is None
        ]
        values = queryset.values_list("pk", *self.paths)
        source = values.iterator(chunk_size=chunk_size) if chunk_size else values
        for pk, *raw in source:
            for index, names in labels:
                value = raw[index]
                if value is not None:
                    raw[index] = names.get(value, value)
            for index in money:
                value = raw[index]
                if value is not None and not isinstance(value, Decimal):
                    raw[index] = Decimal(str(value))
            yield pk, raw


class AssetCategoryTable(Table):
    model = AssetCategory
    columns = [
        Column("code", _("Code"), link=True, width=10),
        Column("name", _("Name"), link=True, width=30),
        Column("parent__name", _("Parent category"), width=20),
        Column("useful_life_years", _("Useful life (years)"), width=10),
        Column("depreciable", _("Depreciated"), width=8),
        Column("specialist", _("Specialist equipment"), width=8),
    ]


class MovementTable(Table):
    model = AssetMovement
    columns = [
        Column("date", _("Date"), width=12),
        Column("kind", _("Movement"), link=True, width=12),
        Column("asset__code", _("Asset code"), width=16),
        Column("asset__name", _("Asset"), width=20),
        Column("from_room__name", _("From room"), width=16),
        Column("to_room__name", _("To room"), width=16),
        Column("to_custodian__last_name", _("To (family name)"), width=10),
        Column("to_custodian__first_name", _("To (given name)"), width=10),
        Column("due_date", _("Due back"), width=12),
        Column("returned", _("Returned"), width=8),
        Column("actor__last_name", _("Recorded by"), width=10),
        Column("reason", _("Reason"), width=30),
    ]


class ConsumableTable(Table):
    model = Consumable
    columns = [
        Column("name", _("Name"), link=True, width=20),
        Column("spec", _("Specification"), width=16),
        Column("unit", _("Unit"), width=6),
        Column("quantity_on_hand", _("On hand"), width=10),
        Column("reorder_level", _("Reorder level"), width=10),
        Column("unit_price", _("Unit price"), kind="money", width=12),
        Column("storeroom__name", _("Storeroom"), width=16),
    ]


class StocktakeTable(Table):
    model = Stocktake
    columns = [
        Column("title", _("Title"), link=True, width=30),
        Column("started_on", _("Started on"), width=12),
        Column("status", _("Status"), width=12),
        Column("whole_school", _("Whole school"), width=8),
    ]


class StocktakeLineTable(Table):
    """The stocktake result export."""

    model = StocktakeLine
    columns = [
        Column("asset__code", _("Asset code"), width=16),
        Column("asset__name", _("Asset"), width=20),
        Column("description", _("Item not on the ledger"), width=20),
        Column("expected_room__name", _("Room on the ledger"), width=18),
        Column("found_room__name", _("Room found in"), width=18),
        Column("result", _("Result"), width=12),
        Column("note", _("Note"), width=24),
        Column("checked_by__last_name", _("Checked by"), width=10),
        Column("checked_at", _("Checked at"), width=16),
    ]


class DisposalRequestTable(Table):
    model = DisposalRequest
    columns = [
        Column("asset__code", _("Asset code"), link=True, width=16),
        Column("asset__name", _("Asset"), link=True, width=20),
        Column("reason", _("Reason"), width=30),
        Column("status", _("Status"), width=12),
        Column("requested_by__last_name", _("Requested by"), width=10),
        Column("created_at", _("Requested at"), width=16),
    ]


class PropertyCheckTable(Table):
    model = PropertyCheck
    columns = [
        Column("date", _("Date"), link=True, width=12),
        Column("school_class__grade", _("Grade"), width=6),
        Column("school_class__number", _("Class number"), width=6),
        Column("kind", _("Check"), link=True, width=14),
        Column("checked_by__last_name", _("Checked by"), width=10),
        Column("notes", _("Notes"), width=30),
    ]


class CompensationTable(Table):
    model = Compensation
    columns = [
        Column("school_class__grade", _("Grade"), width=6),
        Column("school_class__number", _("Class number"), width=6),
        Column("description", _("Damage"), link=True, width=30),
        Column("asset__code", _("Asset code"), width=16),
        Column("amount", _("Amount"), kind="money", width=12),
        Column("status", _("Status"), width=10),
        Column("settled_on", _("Settled on"), width=12),
    ]
