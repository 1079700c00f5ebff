"""Admin of the sample records (imported from CanteenConfig.ready()). Samples are recorded from
the canteen's pages (the service keeps the school's minimum with them); a disposal here goes
through the same service as the page and the API, so the 48 hours hold in the admin too."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from canteen import models
from canteen.services import samples as services
from core.admin import ScopedAdmin


@admin.register(models.SampleFridge)
class SampleFridgeAdmin(ScopedAdmin):
    list_display = ["number", "name", "room", "active"]
    list_filter = ["active"]
    search_fields = ["number", "name"]
    raw_id_fields = ["room"]


@admin.register(models.FridgeTemperature)
class FridgeTemperatureAdmin(ScopedAdmin):
    list_display = ["day", "period", "fridge", "celsius", "out_of_range", "recorded_by"]
    list_filter = ["period", "out_of_range", "day"]
    raw_id_fields = ["fridge", "recorded_by"]


@admin.register(models.FoodSample)
class FoodSampleAdmin(ScopedAdmin):
    list_display = ["day", "meal", "dish", "weight_grams", "underweight", "sampler", "disposed_at"]
    list_filter = ["meal", "underweight", "day"]
    search_fields = ["dish__name"]
    raw_id_fields = ["dish", "sampler", "fridge"]
    readonly_fields = ["min_grams", "disposed_at", "disposed_by"]
    actions = ["dispose"]

    def has_add_permission(self, request):
        return False  # recorded from the canteen's pages, through the service

    @admin.action(
        description=_("Record the disposal of the selected samples"), permissions=["change"]
    )
    def dispose(self, request, queryset):
        done, refused = services.samples_dispose(samples=queryset, actor=request.user)
        if done:
            self.message_user(request, _("%(n)s disposals recorded.") % {"n": done})
        for sentence in refused:
            self.message_user(request, sentence, level=messages.ERROR)


@admin.register(models.SampleFlag)
class SampleFlagAdmin(ScopedAdmin):
    list_display = ["day", "kind", "detail", "notified_at"]
    list_filter = ["kind", "day"]
    readonly_fields = ["kind", "day", "meal", "dish", "sample", "fridge", "detail", "notified_at"]
