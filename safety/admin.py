from django.contrib import admin

from core.admin import ScopedAdmin
from safety import models


class TemplateItemInline(admin.TabularInline):
    model = models.TemplateItem
    extra = 0
    fields = ["position", "text", "guidance", "photo_required_on_failure"]


@admin.register(models.InspectionTemplate)
class InspectionTemplateAdmin(ScopedAdmin):
    list_display = ["name", "frequency", "applies_to", "runs_in_holidays", "is_active"]
    list_filter = ["frequency", "is_active"]
    search_fields = ["name"]
    inlines = [TemplateItemInline]

    def save_formset(self, request, form, formset, change):
        for obj in formset.save(commit=False):
            obj.school_id = form.instance.school_id
            obj.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(models.InspectionTask)
class InspectionTaskAdmin(ScopedAdmin):
    list_display = ["due_date", "slot", "template", "room", "building", "assignee", "status"]
    list_filter = ["status", "due_date"]
    raw_id_fields = ["template", "room", "building", "assignee"]


@admin.register(models.InspectionAnswer)
class InspectionAnswerAdmin(ScopedAdmin):
    list_display = ["task", "item", "result", "answered_by", "created_at"]
    list_filter = ["result"]
    raw_id_fields = ["task", "item", "answered_by"]


@admin.register(models.Hazard)
class HazardAdmin(ScopedAdmin):
    list_display = ["pk", "severity", "status", "description", "responsible", "deadline"]
    list_filter = ["status", "severity"]
    search_fields = ["description"]
    raw_id_fields = ["room", "building", "found_by", "responsible", "handler", "accepted_by"]
    readonly_fields = ["source_answer"]


@admin.register(models.FireEquipment)
class FireEquipmentAdmin(ScopedAdmin):
    list_display = ["code", "kind", "agent", "capacity", "room", "next_service_date", "expiry_date"]
    list_filter = ["kind", "agent"]
    search_fields = ["code"]


@admin.register(models.FireCheck)
class FireCheckAdmin(ScopedAdmin):
    list_display = ["equipment", "checked_on", "result", "checked_by"]


@admin.register(models.Drill)
class DrillAdmin(ScopedAdmin):
    list_display = ["date", "title", "drill_type", "status", "evacuation_seconds"]
    list_filter = ["drill_type", "status"]


@admin.register(models.Visitor)
class VisitorAdmin(ScopedAdmin):
    list_display = ["time_in", "name", "id_last4", "unit", "host", "time_out"]
    search_fields = ["name", "unit"]


class DutyShiftInline(admin.TabularInline):
    model = models.DutyShift
    extra = 0
    fields = ["date", "person", "is_leader", "note"]


@admin.register(models.DutyRoster)
class DutyRosterAdmin(ScopedAdmin):
    list_display = ["name", "start", "end"]
    inlines = [DutyShiftInline]

    save_formset = InspectionTemplateAdmin.save_formset
