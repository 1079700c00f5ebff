"""Planning: Admin pages. Each part adds inside its own section."""
# ruff: noqa: E402  (each part imports inside its own section)

# ---- part: plans (begin) ----
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
