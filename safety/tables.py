"""Columns shared by each list and its Excel export."""

from django.utils.translation import gettext_lazy as _

from core.tables import Column, Table
from safety.models import (
    Drill,
    DutyRoster,
    DutyShift,
    FireEquipment,
    Hazard,
    InspectionAnswer,
    InspectionTask,
    InspectionTemplate,
    TemplateItem,
    Visitor,
)


class InspectionTemplateTable(Table):
    model = InspectionTemplate
    columns = [
        Column("name", _("Name"), link=True, width=28),
        Column("frequency", _("Frequency"), width=18),
        Column("applies_to", _("Applies to"), width=16),
        Column("runs_in_holidays", _("Also in holidays"), width=10),
        Column("is_active", _("Active"), width=8),
    ]


class TemplateItemTable(Table):
    model = TemplateItem
    columns = [
        Column("template__name", _("Template"), width=24),
        Column("position", _("Order"), width=6),
        Column("text", _("Item"), link=True, width=40),
        Column("photo_required_on_failure", _("Photo on failure"), width=10),
    ]


class InspectionTaskTable(Table):
    model = InspectionTask
    columns = [
        Column("due_date", _("Due date"), link=True, width=12),
        Column("slot", _("Hour"), width=6),
        Column("template__name", _("Template"), link=True, width=24),
        Column("building__name", _("Building"), width=14),
        Column("room__building__name", _("Room's building"), width=14),
        Column("room__name", _("Room"), width=18),
        Column("assignee__last_name", _("Inspector (family name)"), width=10),
        Column("assignee__first_name", _("Inspector (given name)"), width=10),
        Column("status", _("Status"), width=10),
        Column("completed_at", _("Completed at"), width=18),
        Column("overdue_notified_at", _("Overdue notice sent"), width=18),
    ]


class InspectionAnswerTable(Table):
    model = InspectionAnswer
    columns = [
        Column("task__due_date", _("Date"), link=True, width=12),
        Column("task__template__name", _("Template"), width=22),
        Column("task__building__name", _("Building"), width=14),
        Column("task__room__name", _("Room"), width=18),
        Column("item__text", _("Item"), width=36),
        Column("result", _("Result"), width=10),
        Column("note", _("Note"), width=30),
        Column("answered_by__last_name", _("Inspector (family name)"), width=10),
        Column("answered_by__first_name", _("Inspector (given name)"), width=10),
        Column("created_at", _("Answered at"), width=18),
    ]


class HazardTable(Table):
    model = Hazard
    columns = [
        Column("id", _("No."), link=True, width=6),
        Column("severity", _("Severity"), width=8),
        Column("status", _("Status"), width=10),
        Column("description", _("What is wrong"), link=True, width=40),
        Column("building__name", _("Building"), width=14),
        Column("room__name", _("Room"), width=16),
        Column("responsible__last_name", _("Responsible (family name)"), width=10),
        Column("responsible__first_name", _("Responsible (given name)"), width=10),
        Column("deadline", _("Deadline"), width=12),
        Column("created_at", _("Found at"), width=18),
        Column("accepted_at", _("Accepted at"), width=18),
    ]


class FireEquipmentTable(Table):
    model = FireEquipment
    columns = [
        Column("code", _("Number"), link=True, width=12),
        Column("kind", _("Kind"), width=12),
        Column("agent", _("Type"), width=14),
        Column("capacity", _("Capacity"), width=10),
        Column("room__building__name", _("Building"), width=14),
        Column("room__name", _("Location"), width=18),
        Column("production_date", _("Production date"), width=12),
        Column("last_checked_on", _("Last checked"), width=12),
        Column("next_service_date", _("Next service"), width=12),
        Column("expiry_date", _("Expiry date"), width=12),
    ]


class DrillTable(Table):
    model = Drill
    columns = [
        Column("date", _("Date"), link=True, width=12),
        Column("title", _("Title"), link=True, width=28),
        Column("drill_type", _("Type"), width=14),
        Column("status", _("Status"), width=10),
        Column("building__name", _("Building"), width=14),
        Column("participants", _("Participants"), width=10),
        Column("evacuation_seconds", _("Evacuation (s)"), width=10),
    ]


class VisitorTable(Table):
    model = Visitor
    columns = [
        Column("time_in", _("Time in"), link=True, width=18),
        Column("name", _("Name"), link=True, width=12),
        Column("id_last4", _("ID last 4"), width=8),
        Column("unit", _("Unit"), width=20),
        Column("reason", _("Reason"), width=24),
        Column("host", _("Visiting"), width=12),
        Column("time_out", _("Time out"), width=18),
    ]


class DutyRosterTable(Table):
    model = DutyRoster
    columns = [
        Column("name", _("Name"), link=True, width=24),
        Column("start", _("First day"), width=12),
        Column("end", _("Last day"), width=12),
        Column("leader_phone", _("Duty phone"), width=16),
    ]


class DutyShiftTable(Table):
    model = DutyShift
    columns = [
        Column("roster__name", _("Roster"), width=20),
        Column("date", _("Date"), link=True, width=12),
        Column("person__last_name", _("Family name"), width=10),
        Column("person__first_name", _("Given name"), width=10),
        Column("person__phone", _("Phone"), width=14),
        Column("is_leader", _("Leader"), width=8),
        Column("note", _("Note"), width=24),
    ]
