"""Admin of the canteen's records (core.admin.ScopedAdmin: other schools' rows are 404)."""

from django.contrib import admin

from core.admin import SchoolSettingsAdmin, ScopedAdmin

# ---- part: menus (begin) ----
# isort: off
from canteen import models as _models
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
# @admin.register(...)  (hygiene)
# ---- part: hygiene (end) ----
