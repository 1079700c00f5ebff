"""Admin of the surveys: surveys with their questions. Responses and answers are not
registered (nobody lists them as rows); invitations are not either (who answered is nobody's
list: the pages show only counts)."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ScopedAdmin
from planning.models import Survey, SurveyQuestion


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    fields = ["position", "text", "kind", "area", "required"]
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft  # questions are fixed once the survey is sent

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.is_draft


@admin.register(Survey)
class SurveyAdmin(ScopedAdmin):
    list_display = ["title", "term", "status", "closes_on", "exclude_office_staff"]
    list_filter = ["status"]
    search_fields = ["title"]
    raw_id_fields = ["term"]
    readonly_fields = ["status", "sent_at", "closed_at"]
    inlines = [SurveyQuestionInline]
