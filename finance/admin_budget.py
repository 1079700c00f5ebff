"""Admin of the budget (imported from finance/admin.py's budget section). Money moves only through
the budget services: committed and spent are read-only here, movements are read-only, and an
adjustment is decided on its page (its approval moves the money)."""

from django.contrib import admin
from django.core.exceptions import ValidationError as _ValidationError
from django.shortcuts import redirect as _redirect

from core.admin import ScopedAdmin
from finance import models as _models
from finance.forms_budget import check_tiers as _check_tiers
from finance.services import budgeting as _budgeting


@admin.register(_models.FinanceSettings)
class FinanceSettingsAdmin(ScopedAdmin):
    list_display = ["school", "director_from", "principal_from", "collective_from", "quotes_from"]

    def has_add_permission(self, request) -> bool:
        return False  # one row per school, made with the defaults on first use; changed here

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class Checked(form):  # type: ignore[valid-type,misc]
            """The settings page's tier rule, as a form error here too."""

            def clean(self):
                data = super().clean()
                _check_tiers(self, data)
                return data

        return Checked


# The provinces' procurement limits: finance/admin_purchasing.py.


@admin.register(_models.BudgetYear)
class BudgetYearAdmin(ScopedAdmin):
    list_display = ["year", "status", "closed_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "closed_at", "archived_at"]


@admin.register(_models.BudgetLine)
class BudgetLineAdmin(ScopedAdmin):
    list_display = ["name", "budget_year", "category", "department", "amount", "control"]
    list_filter = ["category", "control", "budget_year__year"]
    search_fields = ["name"]
    readonly_fields = ["committed", "spent", "archived_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class Checked(form):  # type: ignore[valid-type,misc]
            """The line service's rules (open year, a stop line's room) as form errors."""

            def _post_clean(self):
                super()._post_clean()
                line, year = self.instance, getattr(self.instance, "budget_year", None)
                try:
                    if year is not None:
                        _budgeting.check_year_open(year)
                    if line.amount is not None:
                        _budgeting.check_line(line, taken=line.committed + line.spent)
                except _ValidationError as exc:
                    self.add_error(None, exc)

        return Checked

    def save_model(self, request, obj, form, change):
        _budgeting.line_save(line=obj, actor=request.user)


@admin.register(_models.BudgetMovement)
class BudgetMovementAdmin(ScopedAdmin):
    list_display = ["created_at", "line", "kind", "amount", "request", "actor"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(_models.BudgetAdjustment)
class BudgetAdjustmentAdmin(ScopedAdmin):
    list_display = ["created_at", "from_line", "to_line", "amount", "status", "requested_by"]
    list_filter = ["status"]
    readonly_fields = [
        "from_line",
        "to_line",
        "amount",
        "reason",
        "status",
        "requested_by",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def add_view(self, request, form_url="", extra_context=None):
        return _redirect("finance:budgetadjustment_add")  # finance.services.budgeting

    def has_delete_permission(self, request, obj=None):
        return False
