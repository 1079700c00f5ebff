"""Admin of the canteen's records (core.admin.ScopedAdmin: other schools' rows are 404)."""

from django.contrib import admin

# ---- part: menus (begin) ----
# @admin.register(...)  (menus)
# ---- part: menus (end) ----
# ---- part: samples (begin) ----
# @admin.register(...)  (samples)
# ---- part: samples (end) ----
# ---- part: acceptance (begin) ----
# @admin.register(...)  (acceptance)
# ---- part: acceptance (end) ----
# ---- part: hygiene (begin) ----
from canteen import models as canteen_models
from canteen.services import hygiene as hygiene_services
from core.admin import SchoolSettingsAdmin, ScopedAdmin  # noqa: F401


@admin.register(canteen_models.DisinfectionBatch)
class DisinfectionBatchAdmin(ScopedAdmin):
    list_display = ["day", "meal", "method", "temperature_c", "below_minimum", "resolved_at"]
    list_filter = ["meal", "below_minimum"]

    def save_model(self, request, obj, form, change):
        hygiene_services.disinfection_save(batch=obj, actor=request.user)  # flagged as elsewhere


@admin.register(canteen_models.AccompaniedMeal)
class AccompaniedMealAdmin(ScopedAdmin):
    list_display = ["day", "meal", "kind", "leader", "parent_name", "status"]
    list_filter = ["meal", "kind", "status"]


@admin.register(canteen_models.MorningCheck)
class MorningCheckAdmin(ScopedAdmin):
    list_display = ["day", "staff", "fit", "reason", "action"]
    list_filter = ["fit", "reason"]


@admin.register(canteen_models.HealthCertificate)
class HealthCertificateAdmin(ScopedAdmin):
    list_display = ["staff", "number", "issued_on", "valid_until"]
    search_fields = ["number", "staff__name"]


for _hygiene_model in (
    canteen_models.DisinfectionMethod,
    canteen_models.StaffMember,
    canteen_models.HygieneFlag,
    canteen_models.MonthlyReview,
):
    admin.site.register(_hygiene_model, ScopedAdmin)
# ---- part: hygiene (end) ----
