"""Admin pages of purchase requests and their approvals: read here, moved only through the
services (the admin's actions call them, so the same rules and budget checks hold)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin import ScopedAdmin
from finance.models import Approval, PurchaseItem, PurchaseRequest
from finance.services import requests as services


class ItemInline(admin.TabularInline):
    model = PurchaseItem
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "position",
        "name",
        "specification",
        "quantity",
        "unit",
        "unit_price",
        "amount",
    )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ApprovalInline(admin.TabularInline):
    model = Approval
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "round",
        "level",
        "decision",
        "approver",
        "comment",
        "decided_at",
        "meeting_date",
    )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _run_step(modeladmin, request, queryset, step: str) -> None:
    done = 0
    for row in queryset:
        try:
            result = services.STEP_SERVICES[step](request=row, actor=request.user)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{row.number}: {exc.messages[0]}", messages.ERROR)
            continue
        done += 1
        warning = getattr(result, "budget_warning", "")
        if warning:
            modeladmin.message_user(request, f"{row.number}: {warning}", messages.WARNING)
    if done:
        modeladmin.message_user(request, _("%(n)s request(s) done.") % {"n": done})


@admin.action(description=gettext_lazy("Submit the selected drafts for approval"))
def submit_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "submit")


@admin.action(description=gettext_lazy("Approve the selected requests (my tier)"))
def approve_selected(modeladmin, request, queryset):
    _run_step(modeladmin, request, queryset, "approve")


@admin.register(PurchaseRequest)
class PurchaseRequestAdmin(ScopedAdmin):
    list_display = ["number", "title", "requested_by", "amount", "status", "level", "approved_at"]
    list_filter = ["status", "method", "needs_public_procurement"]
    search_fields = ["number", "title"]
    inlines = [ItemInline, ApprovalInline]
    actions = [submit_selected, approve_selected]
    list_select_related = ["requested_by"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False  # drafts are written on the request page or through the API


@admin.register(Approval)
class ApprovalAdmin(ScopedAdmin):
    list_display = ["request", "round", "level", "decision", "approver", "decided_at"]
    list_filter = ["level", "decision"]
    list_select_related = ["request", "approver"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False  # decisions are taken through the workflow only

    def has_change_permission(self, request, obj=None):
        return False
