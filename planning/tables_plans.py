"""Columns of the plans list (the page and its Excel export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table
from planning.models import Milestone, Plan


class PlanTable(Table):
    model = Plan
    columns = [
        Column("title", _("Title"), link=True, width=36),
        Column("first_year", _("First school year"), width=10),
        Column("status", _("Status"), width=12),
        Column("approved_at", _("Approved at"), width=18),
        Column("revision", _("Revision"), width=8),
    ]


class MilestoneTable(Table):
    model = Milestone
    columns = [
        Column("title", _("Milestone"), link=True, width=36),
        Column("plan__title", _("Plan"), width=30),
        Column("goal__title", _("Goal"), width=30),
        Column("due", _("Due"), width=12),
        Column("owner__last_name", _("Owner"), width=12),
        Column("done_at", _("Done at"), width=18),
    ]
