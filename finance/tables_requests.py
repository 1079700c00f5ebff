"""The purchase ledger's columns and its Excel export (one values_list query per page or chunk)."""

from __future__ import annotations

from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table
from finance.models import PurchaseRequest


class PurchaseRequestTable(Table):
    model = PurchaseRequest
    columns = [
        Column("number", _("Number"), link=True, width=18),
        Column("created_at", _("Requested"), width=17),
        Column("title", _("Title"), link=True, width=24),
        Column("requester_name", _("Requested by"), kind="text", sortable=False, width=10),
        Column("department__name", _("Department"), width=12),
        Column("budget_line__name", _("Budget line"), width=16),
        Column("budget_line__category", _("Economic category"), width=14),
        Column("amount", _("Amount (yuan)"), kind="money", width=12),
        Column("method", _("Procurement method"), width=12),
        Column("needs_public_procurement", _("Public procurement"), width=8),
        Column("status", _("Status"), width=10),
        Column("level", _("Waiting for"), width=12),
        Column("submitted_at", _("Submitted"), width=17),
        Column("approved_at", _("Approved"), width=17),
    ]

    def rows(self, queryset, *, chunk_size=None):
        named = queryset.annotate(
            requester_name=Concat("requested_by__last_name", "requested_by__first_name")
        )
        return super().rows(named, chunk_size=chunk_size)
