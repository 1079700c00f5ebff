"""Admin of the canteen's records (core.admin.ScopedAdmin: other schools' rows are 404)."""

from django.contrib import admin

from core.admin import SchoolSettingsAdmin, ScopedAdmin

# ---- part: menus (begin) ----
# isort: off
from canteen import models as _models
from canteen.services import hygiene as hygiene_services
# isort: on


@admin.register(_models.CanteenSettings)
class CanteenSettingsAdmin(SchoolSettingsAdmin):
    list_display = [
        "school",
        "serves_breakfast",
        "serves_lunch",
        "serves_dinner",
        "sample_min_grams",
    ]


@admin.register(_models.Dish)
class DishAdmin(ScopedAdmin):
    list_display = ["name", "category", "main_ingredients", "archived_at"]
    list_filter = ["category"]
    search_fields = ["name", "main_ingredients"]


@admin.register(_models.BannedFood)
class BannedFoodAdmin(ScopedAdmin):
    list_display = ["name", "keywords", "national", "archived_at"]
    search_fields = ["name", "keywords"]
    readonly_fields = ["national"]


class MenuEntryInline(admin.TabularInline):
    model = _models.MenuEntry
    fields = ["day", "meal", "dish"]
    readonly_fields = ["day", "meal", "dish"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # dishes go on a menu through the editor (banned foods are checked there)


@admin.register(_models.WeeklyMenu)
class WeeklyMenuAdmin(ScopedAdmin):
    """Read here; the editor and the workflow (canteen.workflow) change menus."""

    list_display = ["week_start", "status", "published_at", "approved_by"]
    list_filter = ["status"]
    inlines = [MenuEntryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# canteen/admin_samples.py (imported from CanteenConfig.ready())  (samples)
# ---- part: samples (end) ----


# ---- part: acceptance (begin) ----
def _acceptance_admin() -> None:
    from canteen import admin_acceptance  # noqa: F401  (registers the acceptance admins)


_acceptance_admin()
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----


@admin.register(_models.DisinfectionBatch)
class DisinfectionBatchAdmin(ScopedAdmin):
    list_display = ["day", "meal", "method", "temperature_c", "below_minimum", "resolved_at"]
    list_filter = ["meal", "below_minimum"]

    def save_model(self, request, obj, form, change):
        hygiene_services.disinfection_save(batch=obj, actor=request.user)  # flagged as elsewhere


@admin.register(_models.AccompaniedMeal)
class AccompaniedMealAdmin(ScopedAdmin):
    list_display = ["day", "meal", "kind", "leader", "parent_name", "status"]
    list_filter = ["meal", "kind", "status"]


@admin.register(_models.MorningCheck)
class MorningCheckAdmin(ScopedAdmin):
    list_display = ["day", "staff", "fit", "reason", "action"]
    list_filter = ["fit", "reason"]


@admin.register(_models.HealthCertificate)
class HealthCertificateAdmin(ScopedAdmin):
    list_display = ["staff", "number", "issued_on", "valid_until"]
    search_fields = ["number", "staff__name"]


for _hygiene_model in (
    _models.DisinfectionMethod,
    _models.StaffMember,
    _models.HygieneFlag,
    _models.MonthlyReview,
):
    admin.site.register(_hygiene_model, ScopedAdmin)
# ---- part: hygiene (end) ----
