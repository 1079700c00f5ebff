"""Forms of goods acceptance and meal costs: few fields, big inputs, today's values filled in."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen.models.acceptance import DocumentKind, GoodsCategory, LineResult, RefusedAction
from canteen.services.acceptance import DocumentInput, LineInput, month_start
from core.forms import DateInput, ScopedForm, ScopedModelForm
from core.models import Supplier, User


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (a phone picks photos from its camera or gallery)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class DeliveryForm(ScopedForm):
    date = forms.DateField(label=_("Delivery date"), widget=DateInput())
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.all(), label=_("Supplier"))
    acceptor = forms.ModelChoiceField(queryset=User.objects.all(), label=_("Acceptor"))
    second_acceptor = forms.ModelChoiceField(
        queryset=User.objects.all(),
        label=_("Second acceptor"),
        required=False,
        help_text=_("Required for bulk foods (rice, flour, oil, meat, eggs, milk)."),
    )
    certificates = MultipleFileField(
        label=_("Certificates (photos or PDF)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    invoices = MultipleFileField(
        label=_("Invoice or delivery note (photos or PDF)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )
    notes = forms.CharField(label=_("Notes"), max_length=200, required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate(), "acceptor": user.pk})
        # ScopedForm limits the choices: active suppliers and members of the user's school.
        super().__init__(*args, user=user, **kwargs)

    def clean_supplier(self) -> Supplier:
        supplier = self.cleaned_data["supplier"]
        if supplier.is_blacklisted:
            raise forms.ValidationError(
                _("%(name)s is blacklisted (%(reason)s); goods cannot be accepted from it.")
                % {"name": supplier.name, "reason": supplier.blacklist_reason}
            )
        return supplier

    def documents(self) -> list[DocumentInput]:
        data = self.cleaned_data
        return [
            *(DocumentInput(DocumentKind.CERTIFICATE, f) for f in data.get("certificates", [])),
            *(DocumentInput(DocumentKind.INVOICE, f) for f in data.get("invoices", [])),
        ]


class LineForm(forms.Form):
    product = forms.CharField(label=_("Product"), max_length=60)
    # A blank first choice: an untouched product card stays unchanged and is left out.
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *GoodsCategory.choices])
    specification = forms.CharField(label=_("Specification"), max_length=60, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=10, decimal_places=2)
    unit = forms.CharField(label=_("Unit"), max_length=10, initial="kg")
    unit_price = forms.DecimalField(label=_("Unit price"), max_digits=12, decimal_places=2)
    production_date = forms.DateField(label=_("Production date"), widget=DateInput())
    shelf_life_days = forms.IntegerField(label=_("Shelf life (days)"), min_value=1, max_value=3650)
    batch = forms.CharField(label=_("Batch"), max_length=40, required=False)
    sensory_ok = forms.BooleanField(label=_("Sensory check passed"), required=False, initial=True)
    result = forms.ChoiceField(
        label=_("Result"), choices=LineResult.choices, initial=LineResult.ACCEPTED
    )
    refusal_reason = forms.CharField(label=_("Reason for refusal"), max_length=200, required=False)
    refused_action = forms.ChoiceField(
        label=_("Refused goods were"),
        choices=[("", "—"), *RefusedAction.choices],
        required=False,
    )

    def line(self) -> LineInput:
        return LineInput(**self.cleaned_data)


# Untouched rows are left out (the service says "add at least one product" if none is left).
LineFormSet = forms.formset_factory(LineForm, extra=3, max_num=40, validate_max=True)


class DisclosureForm(ScopedForm):
    month = forms.DateField(
        label=_("Month"), widget=DateInput(), help_text=_("Any day of the month.")
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)


class StepForm(ScopedForm):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MealIncomeForm(ScopedModelForm):
    """The month is stored as its first day, whichever day was typed."""

    def clean_month(self):
        month = self.cleaned_data.get("month")
        return month_start(month) if month else month


class AttachDocumentForm(forms.Form):
    """A certificate or invoice that arrived after the delivery was recorded."""

    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Photo or PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
    )

    def document(self) -> DocumentInput:
        return DocumentInput(self.cleaned_data["kind"], self.cleaned_data["file"])
