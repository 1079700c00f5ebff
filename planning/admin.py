"""Planning: Admin pages. Each part adds inside its own section."""
# ruff: noqa: E402  (each part imports inside its own section)

# ---- part: plans (begin) ----
from django.contrib import admin

from core.admin import ScopedAdmin
from planning import models as _plan_models


class _ReadOnlyPlanAdmin(ScopedAdmin):
    """Plans change only through planning.services.plans (the frozen plan, its revisions, the
    workflow): the admin reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(_plan_models.Plan)
class PlanAdmin(_ReadOnlyPlanAdmin):
    list_display = ["title", "school", "first_year", "status", "revision", "approved_at"]
    list_filter = ["status", "first_year"]
    search_fields = ["title"]


@admin.register(_plan_models.Goal)
class GoalAdmin(_ReadOnlyPlanAdmin):
    list_display = ["title", "plan", "area", "owner"]
    search_fields = ["title"]


@admin.register(_plan_models.Kpi)
class KpiAdmin(_ReadOnlyPlanAdmin):
    list_display = ["name", "plan", "kind", "metric_key", "baseline", "target_year3"]
    list_filter = ["kind"]
    search_fields = ["name", "metric_key"]


@admin.register(_plan_models.Milestone)
class MilestoneAdmin(_ReadOnlyPlanAdmin):
    list_display = ["title", "plan", "due", "done_at", "notified_at"]
    search_fields = ["title"]


@admin.register(_plan_models.PlanRevision)
class PlanRevisionAdmin(_ReadOnlyPlanAdmin):
    list_display = ["plan", "number", "actor", "what", "created_at"]


# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
from django.contrib import admin

from core.admin import ScopedAdmin
from planning.models import WorkItem, WorkTask


@admin.register(WorkItem)
class WorkItemAdmin(ScopedAdmin):
    list_display = ["title", "owner_role", "owner", "due_day", "record_kind", "is_active"]
    list_filter = ["owner_role", "record_kind", "is_active"]
    search_fields = ["title", "description"]


@admin.register(WorkTask)
class WorkTaskAdmin(ScopedAdmin):
    list_display = ["item", "month", "due_on", "owner_role", "owner", "status", "done_at"]
    list_filter = ["status", "month"]
    search_fields = ["item__title", "note"]
    readonly_fields = ["status", "note", "evidence", "done_at", "done_by", "overdue_notified_at"]


# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from planning import admin_surveys  # noqa: F401
# ---- part: surveys (end) ----
