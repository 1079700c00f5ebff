"""The repair log: the board's columns and its Excel export (one values_list query)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table
from repairs.models import RepairRequest


class RepairRequestTable(Table):
    """Names and costs are annotated on the rows read (one page, or the export's chunks), so
    the list's COUNT(*) stays a plain count on the requests table."""

    model = RepairRequest
    columns = [
        Column("number", _("Number"), link=True, width=18),
        Column("created_at", _("Filed"), width=17),
        Column("status", _("Status"), width=10),
        Column("priority", _("Urgency"), width=8),
        Column("category", _("Category"), width=12),
        Column("room__building__name", _("Building"), width=14),
        Column("room__code", _("Room number"), width=9),
        Column("room__name", _("Room"), width=14),
        Column("asset__code", _("Asset code"), width=16),
        Column("description", _("What is wrong"), sortable=False, width=40),
        Column("reporter_name", _("Reporter"), kind="text", sortable=False, width=10),
        Column("owner_name", _("Owner"), kind="text", sortable=False, width=10),
        Column("assignee_name", _("Worker"), kind="text", sortable=False, width=10),
        Column("respond_sla", _("Response SLA"), kind="text", sortable=False, width=10),
        Column("finish_sla", _("Finish SLA"), kind="text", sortable=False, width=10),
        Column("finish_due_at", _("Finish by"), width=17),
        Column("responded_at", _("Responded"), width=17),
        Column("finished_at", _("Finished"), width=17),
        Column("rating", _("Rating"), width=7),
        Column("total_cost", _("Cost (yuan)"), kind="money", sortable=False, width=10),
    ]

    def rows(self, queryset, *, chunk_size=None):
        from repairs.selectors import with_log_columns

        return super().rows(with_log_columns(queryset), chunk_size=chunk_size)
