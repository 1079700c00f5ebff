"""Finance: Admin pages. Each part adds inside its own section."""

# ---- part: budget (begin) ----
# ---- part: budget (end) ----
# ---- part: requests (begin) ----
# ---- part: delivery (end) ----
# ---- part: suppliers (begin) ----
from django.contrib import admin as _admin

from core.admin import ScopedAdmin as _ScopedAdmin
from finance import (
    admin_budget,  # noqa: F401  (settings, years, lines, movements, ...)
    admin_requests,  # noqa: F401  (purchase requests and approvals)
)
from finance import models as _models

# ---- part: purchasing (end) ----
# ---- part: delivery (begin) ----
from finance.admin_delivery import *  # noqa: F403  (acceptances and payments, read only)

# ---- part: requests (end) ----
# ---- part: purchasing (begin) ----
from finance.admin_purchasing import (  # noqa: F401  (registers the admin pages)
    ProcurementLimitAdmin,
    PurchaseOrderAdmin,
    QuoteAdmin,
)


@_admin.register(_models.SupplierContract)
class SupplierContractAdmin(_ScopedAdmin):
    list_display = ["title", "supplier", "starts_on", "ends_on", "amount", "notified_at"]
    search_fields = ["title", "number", "supplier__name"]
    readonly_fields = ["notified_at"]


@_admin.register(_models.SupplierEvaluation)
class SupplierEvaluationAdmin(_ScopedAdmin):
    """Read here; scores are entered on the evaluation's page (the service grades them)."""

    list_display = ["supplier", "year", "score", "grade", "evaluated_by"]
    list_filter = ["year", "grade"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


@_admin.register(_models.ExpenditureDisclosure)
class ExpenditureDisclosureAdmin(_ScopedAdmin):
    """Read here; drafted, submitted and approved through finance.workflow_disclosure."""

    list_display = ["month", "status", "is_public", "drafted_by", "approved_by"]
    list_filter = ["status", "is_public"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False


# ---- part: suppliers (end) ----
