"""Columns of the plans list (the page and its Excel export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table
from planning.models import Plan


class PlanTable(Table):
    model = Plan
    columns = [
        Column("title", _("Title"), link=True, width=36),
        Column("first_year", _("First school year"), width=10),
        Column("status", _("Status"), width=12),
        Column("approved_at", _("Approved at"), width=18),
        Column("revision", _("Revision"), width=8),
    ]
