"""Admin: the school's SLA settings are edited here; requests are read-only (the workflow runs
through repairs.services, from the app and the API)."""

from django.contrib import admin

from core.admin import SchoolSettingsAdmin, ScopedAdmin
from repairs import models


@admin.register(models.RepairSettings)
class RepairSettingsAdmin(SchoolSettingsAdmin):
    list_display = [
        "school",
        "urgent_respond_hours",
        "urgent_finish_days",
        "normal_respond_hours",
        "normal_finish_days",
        "low_respond_hours",
        "low_finish_days",
        "auto_confirm_days",
        "reopen_days",
    ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyInline):
    model = models.RepairEvent
    fields = ("at", "kind", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


class WorkInline(ReadOnlyInline):
    model = models.WorkRecord
    fields = ("created_at", "worker", "description", "minutes", "cost", "parts_cost", "stock_slip")
    readonly_fields = fields


@admin.register(models.RepairRequest)
class RepairRequestAdmin(ScopedAdmin):
    list_display = [
        "number",
        "status",
        "priority",
        "category",
        "room",
        "reporter",
        "owner",
        "assignee",
        "created_at",
        "finish_due_at",
        "rating",
    ]
    list_filter = ["status", "priority", "category"]
    search_fields = ["number", "description"]
    list_select_related = ["room__building", "reporter", "owner", "assignee"]
    inlines = [EventInline, WorkInline]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
