"""Admin of the purchasing part: the provinces' procurement limits (not a school's records:
the administrator and the superuser confirm the seeded examples), and quotes and orders to
read (they are written by the services only, so that no rule is bypassed here)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin, SuperuserOnlyAdmin
from core.choices import Role
from finance.models import ProcurementLimit, PurchaseOrder, Quote


def _is_superuser(request) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


def _is_admin(request) -> bool:
    user = request.user
    return bool(
        user.is_active and (user.is_superuser or Role.ADMIN in getattr(user, "role_codes", ()))
    )


@admin.register(ProcurementLimit)
class ProcurementLimitAdmin(SuperuserOnlyAdmin):
    """The provinces' 分散采购限额 and 公开招标 limits by kind and effective dates. Rows seeded as
    examples stay marked unconfirmed until the admin checks them against the province's notice."""

    list_display = [
        "province",
        "kind",
        "decentralised_from",
        "open_tender_from",
        "effective_from",
        "effective_until",
        "status_label",
        "source",
    ]
    list_filter = ["confirmed", "province", "kind"]
    search_fields = ["province", "source"]
    actions = ["confirm"]

    @admin.display(description=_("confirmed by the admin"), ordering="confirmed")
    def status_label(self, obj: ProcurementLimit) -> str:
        return str(_("Confirmed") if obj.confirmed else _("Unconfirmed: check it"))

    @admin.action(description=_("Confirm the selected limits (checked against the notice)"))
    def confirm(self, request, queryset):
        changed = 0
        for row in queryset.filter(confirmed=False):  # a few rows: saved one by one (signals)
            row.confirmed = True
            row.save(update_fields=["confirmed"])
            changed += 1
        self.message_user(
            request, _("%(n)s limits confirmed.") % {"n": changed}, level=messages.SUCCESS
        )

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)

    has_module_permission = has_view_permission

    # The table serves every school of the deployment: a school's administrator reads it; the
    # deployment's superuser confirms, changes and deletes rows.
    def has_add_permission(self, request):
        return _is_superuser(request)

    def has_change_permission(self, request, obj=None):
        return _is_superuser(request)

    def has_delete_permission(self, request, obj=None):
        return _is_superuser(request)


class _ReadOnlyAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Quote)
class QuoteAdmin(_ReadOnlyAdmin):
    list_display = ["request", "supplier", "amount", "quoted_on", "recorded_by"]
    list_select_related = ["request", "supplier", "recorded_by"]
    search_fields = ["request__number", "supplier__name"]


@admin.register(PurchaseOrder)
class PurchaseOrderAdmin(_ReadOnlyAdmin):
    list_display = ["number", "request", "supplier", "amount", "ordered_on", "ordered_by"]
    list_select_related = ["request", "supplier", "ordered_by"]
    search_fields = ["number", "request__number", "supplier__name"]
