from django.contrib import admin

from assets import models
from core.admin import SchoolSettingsAdmin, ScopedAdmin


@admin.register(models.AssetSettings)
class AssetSettingsAdmin(SchoolSettingsAdmin):
    list_display = ["school", "capitalisation_threshold", "specialist_threshold", "code_pattern"]


@admin.register(models.AssetCategory)
class AssetCategoryAdmin(ScopedAdmin):
    list_display = ["code", "name", "parent", "useful_life_years", "depreciable", "specialist"]
    search_fields = ["code", "name"]


@admin.register(models.Asset)
class AssetAdmin(ScopedAdmin):
    list_display = ["code", "name", "category", "unit_price", "quantity", "status", "room"]
    list_filter = ["status", "is_fixed_asset"]
    search_fields = ["code", "name", "spec"]
    list_select_related = ["category", "room"]
    raw_id_fields = ["room", "custodian", "responsible_class", "responsible_department"]
    readonly_fields = ["status", "disposed_on", "qr_token"]


@admin.register(models.AssetMovement)
class AssetMovementAdmin(ScopedAdmin):
    list_display = ["date", "kind", "asset", "actor", "status_before", "status_after", "returned"]
    list_filter = ["kind"]
    raw_id_fields = ["asset", "from_room", "to_room", "from_custodian", "to_custodian", "to_class"]

    def has_change_permission(self, request, obj=None):
        return False  # kept forever as written


@admin.register(models.Consumable)
class ConsumableAdmin(ScopedAdmin):
    list_display = ["name", "spec", "unit", "quantity_on_hand", "reorder_level"]
    search_fields = ["name"]
    readonly_fields = ["quantity_on_hand"]


class StockSlipLineInline(admin.TabularInline):
    model = models.StockSlipLine
    extra = 0
    can_delete = False
    readonly_fields = ["consumable", "quantity", "unit_price", "balance_after"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.StockSlip)
class StockSlipAdmin(ScopedAdmin):
    list_display = ["number", "kind", "date", "actor", "recipient", "reference"]
    list_filter = ["kind"]
    inlines = [StockSlipLineInline]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.DisposalRequest)
class DisposalRequestAdmin(ScopedAdmin):
    list_display = ["asset", "status", "requested_by", "decided_by", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["asset"]


@admin.register(models.Stocktake)
class StocktakeAdmin(ScopedAdmin):
    list_display = ["title", "started_on", "status", "whole_school"]
    list_filter = ["status"]


@admin.register(models.StocktakeLine)
class StocktakeLineAdmin(ScopedAdmin):
    list_display = ["stocktake", "asset", "description", "expected_room", "found_room", "result"]
    list_filter = ["result"]
    raw_id_fields = ["stocktake", "asset", "expected_room", "found_room"]


@admin.register(models.PropertyCheck)
class PropertyCheckAdmin(ScopedAdmin):
    list_display = ["school_class", "kind", "date", "checked_by"]


@admin.register(models.Compensation)
class CompensationAdmin(ScopedAdmin):
    list_display = ["school_class", "description", "amount", "status", "settled_on"]
    list_filter = ["status"]


@admin.register(models.AssetAttachment)
class AssetAttachmentAdmin(ScopedAdmin):
    list_display = ["title", "asset", "uploaded_by", "created_at"]
    raw_id_fields = ["asset"]
