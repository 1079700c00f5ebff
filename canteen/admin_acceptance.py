"""Admin of goods acceptance and meal costs (imported from canteen/admin.py's acceptance section)."""

from django.contrib import admin
from django.shortcuts import redirect as _redirect

from canteen import models as _models
from core.admin import ScopedAdmin


class _LineInline(admin.TabularInline):
    model = _models.DeliveryLine
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "product",
        "category",
        "quantity",
        "unit",
        "unit_price",
        "amount",
        "production_date",
        "expiry_date",
        "sensory_ok",
        "result",
        "refusal_reason",
        "refused_action",
    )

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(_models.Delivery)
class DeliveryAdmin(ScopedAdmin):
    """Read here; a delivery is added through the acceptance service's page (all checks)."""

    list_display = ["date", "supplier", "acceptor", "second_acceptor", "is_bulk", "keep_until"]
    list_filter = ["is_bulk", "date"]
    search_fields = ["supplier__name", "lines__product"]
    inlines = [_LineInline]
    readonly_fields = [
        "date",
        "supplier",
        "acceptor",
        "second_acceptor",
        "is_bulk",
        "keep_until",
        "recorded_by",
        "archived_at",
    ]

    def add_view(self, request, form_url="", extra_context=None):
        return _redirect("canteen:delivery_add")  # canteen.services.acceptance.delivery_record


@admin.register(_models.DinerCount)
class DinerCountAdmin(ScopedAdmin):
    list_display = ["day", "meal", "students", "staff"]
    list_filter = ["meal"]


@admin.register(_models.MealIncome)
class MealIncomeAdmin(ScopedAdmin):
    list_display = ["month", "amount", "notes"]


@admin.register(_models.CostDisclosure)
class CostDisclosureAdmin(ScopedAdmin):
    """Read here; drafted and approved through canteen.workflow_acceptance on its page."""

    list_display = ["month", "status", "income", "food_cost", "balance", "approved_by"]
    list_filter = ["status"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False
