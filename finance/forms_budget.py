"""Forms of the budget part: the school's finance settings, a budget line, an adjustment."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import ScopedForm, ScopedModelForm
from finance.choices import YearStatus
from finance.models import BudgetLine, FinanceSettings
from finance.services import budgeting


class FinanceSettingsForm(ScopedModelForm):
    """The tiers must climb (director < principal < collective): said as a form error on the
    field that breaks the order, before the database's check would refuse it."""

    class Meta:
        model = FinanceSettings
        exclude = ["school"]

    def clean(self):
        data = super().clean()
        check_tiers(self, data)
        return data


def check_tiers(form: forms.BaseForm, data: dict) -> None:
    """The database's rule of the settings (tiers ascending, thresholds not negative) as form
    errors on the fields that break it (the settings page and the admin)."""
    director, principal, collective = (
        data.get("director_from"),
        data.get("principal_from"),
        data.get("collective_from"),
    )
    if director is not None and director <= 0:
        form.add_error("director_from", _("The director's tier must be more than zero."))
    if director is not None and principal is not None and principal <= director:
        form.add_error(
            "principal_from",
            _("The principal's tier must be above the director's (%(amount)s yuan).")
            % {"amount": f"{director:.2f}"},
        )
    if principal is not None and collective is not None and collective <= principal:
        form.add_error(
            "collective_from",
            _("The collective decision's tier must be above the principal's (%(amount)s yuan).")
            % {"amount": f"{principal:.2f}"},
        )
    for name in ("quotes_from", "tender_from", "disclosure_from"):
        value = data.get(name)
        if value is not None and value < 0:
            form.add_error(name, _("The amount cannot be negative."))
    tender = data.get("tender_from")
    if tender is not None and tender <= 0 and "tender_from" not in form.errors:
        form.add_error("tender_from", _("The amount must be more than zero."))


class BudgetLineForm(ScopedModelForm):
    """A line's facts; committed and spent are never fields (the budget service keeps them).
    Only open years are offered; the amount rule of stop lines is the service's (line_save)."""

    field_order = ["budget_year", "category", "department", "name", "amount", "control"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields.get("budget_year")
        if isinstance(year, forms.ModelChoiceField) and year.queryset is not None:
            year.queryset = year.queryset.filter(status=YearStatus.OPEN)

    def clean(self):
        data = super().clean()
        amount = data.get("amount")
        if amount is not None and amount < 0:
            self.add_error("amount", _("The amount cannot be negative."))
        return data

    def save(self, commit: bool = True) -> BudgetLine:
        line = super().save(commit=False)
        return budgeting.line_save(line=line, actor=self.user)


def open_lines(user):
    from core import access

    return (
        access.scope(user, BudgetLine.objects.select_related("budget_year"), "view")
        .filter(archived_at__isnull=True, budget_year__status=YearStatus.OPEN)
        .order_by("-budget_year__year", "category", "name")
    )


class AdjustmentForm(ScopedForm):
    from_line = forms.ModelChoiceField(queryset=BudgetLine.objects.none(), label=_("From line"))
    to_line = forms.ModelChoiceField(queryset=BudgetLine.objects.none(), label=_("To line"))
    amount = forms.DecimalField(
        label=_("Amount (yuan)"), max_digits=12, decimal_places=2, min_value=Decimal("0.01")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lines = open_lines(self.user)
        for name in ("from_line", "to_line"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = lines

    def save(self):
        data = self.cleaned_data
        try:
            return budgeting.adjustment_request(
                actor=self.user,
                from_line=data["from_line"],
                to_line=data["to_line"],
                amount=data["amount"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            show_errors(self, exc)
            return None


class DecisionForm(ScopedForm):
    note = forms.CharField(label=_("Comment"), max_length=200, required=False)


def show_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's refusal on the form: by field where it names one, else on top."""
    if hasattr(exc, "error_dict"):
        for name, problems in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, exc.messages)
