"""Admin of acceptances and payments: read only (they are made by the request's steps, whose
rules the services keep: two acceptors, the budget moved once)."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ScopedAdmin
from finance.models import Acceptance, ExcessApproval, Payment

__all__ = ["AcceptanceAdmin", "ExcessApprovalAdmin", "PaymentAdmin"]


class _ReadOnlyAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Acceptance)
class AcceptanceAdmin(_ReadOnlyAdmin):
    list_display = ["accepted_on", "order", "invoice_number", "invoice_amount"]
    search_fields = ["invoice_number", "order__number", "order__request__number"]


@admin.register(Payment)
class PaymentAdmin(_ReadOnlyAdmin):
    list_display = ["paid_on", "voucher_number", "order", "amount", "method", "payer"]
    search_fields = ["voucher_number", "order__request__number"]


@admin.register(ExcessApproval)
class ExcessApprovalAdmin(_ReadOnlyAdmin):
    list_display = ["request", "estimate", "invoiced", "approved_by", "approved_at"]
