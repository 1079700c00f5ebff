"""Forms of the assets screens. Writes go through assets.services; forms only collect and check."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets import services
from assets.choices import CheckKind, CompensationStatus
from assets.models import Asset
from core.forms import DateInput, ScopedForm, ScopedModelForm
from core.models import Room, SchoolClass, User


class AssetForm(ScopedModelForm):
    """Base of the asset card's form (the asset resource, assets/views/cards.py, gives its fields
    and the ones locked once the card exists). A new card is saved by services.asset_create (code,
    fixed-asset rule, stock-in movement)."""

    durable_batch = forms.BooleanField(
        label=_("Batch of durable identical items"),
        required=False,
        help_text=_(
            "E.g. 50 student desks: managed as fixed assets when the batch reaches the threshold."
        ),
    )
    # The category first: an empty code is numbered within it (category-year-sequence).
    field_order = ["category"]

    class Meta:
        widgets = {"purchase_date": DateInput(), "warranty_end": DateInput()}
        help_texts = {"code": _("Leave empty to number it automatically (category-year-sequence).")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if "code" in self.fields:
            self.fields["code"].required = False

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            errors = services.validate_asset_values(
                school=self.user.school,
                category=data.get("category"),
                unit_price=data.get("unit_price"),
                quantity=data.get("quantity"),
                purchase_date=data.get("purchase_date"),
                warranty_end=data.get("warranty_end"),
            )
            for field, message in errors.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
            code = (data.get("code") or "").strip()
            if code and Asset.objects.filter(school=self.user.school, code=code).exists():
                self.add_error(
                    "code", _("The asset code %(code)s is already used.") % {"code": code}
                )
        return data

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit)  # the photo field (core.fields.PhotoField) cleaned it
        data = dict(self.cleaned_data)
        photo = data.pop("photo", None)
        fields = {k: data.pop(k) for k in list(data) if k in services.ASSET_FIELDS}
        if photo:
            fields["photo"] = photo
        try:
            return services.asset_create(school=self.user.school, actor=self.user, **data, **fields)
        except ValidationError as exc:
            self._errors_from(exc)
            raise

    def _errors_from(self, exc):
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, exc.messages)


class CategoryForm(ScopedModelForm):
    """Base of the form the category resource generates (assets/views/stock.py)."""

    def clean(self):
        data = super().clean()
        if data.get("depreciable") and not data.get("useful_life_years"):
            self.add_error("useful_life_years", _("A depreciated category needs a useful life."))
        return data


class ConsumableForm(ScopedModelForm):
    """Base of the form the consumable resource generates (assets/views/stock.py)."""

    def clean(self):
        data = super().clean()
        for name in ("reorder_level", "unit_price"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("This cannot be negative."))
        return data


class IssueForm(ScopedForm):
    to_custodian = forms.ModelChoiceField(User.objects.all(), label=_("Person"), required=False)
    to_class = forms.ModelChoiceField(SchoolClass.objects.all(), label=_("Class"), required=False)
    to_room = forms.ModelChoiceField(
        Room.objects.select_related("building"), label=_("Room"), required=False
    )
    reason = forms.CharField(label=_("Purpose"), max_length=300, required=False)


class LendForm(IssueForm):
    due_date = forms.DateField(label=_("Due back"), widget=DateInput())

    field_order = ["to_custodian", "to_class", "due_date", "to_room", "reason"]


class ReturnForm(ScopedForm):
    to_room = forms.ModelChoiceField(
        Room.objects.select_related("building"), label=_("Back to room"), required=False
    )
    reason = forms.CharField(label=_("Note"), max_length=300, required=False)


class TransferForm(ScopedForm):
    to_room = forms.ModelChoiceField(
        Room.objects.select_related("building"), label=_("New room"), required=False
    )
    to_custodian = forms.ModelChoiceField(
        User.objects.all(), label=_("New custodian"), required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class DisposalForm(ScopedForm):
    reason = forms.CharField(label=_("Reason for disposal"), max_length=300)


class DecisionForm(ScopedForm):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class StockSlipForm(ScopedForm):
    old_returned = forms.BooleanField(
        label=_("The old one was handed back (以旧换新)"), required=False
    )

    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=12, decimal_places=2, min_value=0.01
    )
    recipient = forms.ModelChoiceField(User.objects.all(), label=_("Recipient"), required=False)
    supplier = forms.CharField(label=_("Supplier"), max_length=100, required=False)
    reason = forms.CharField(label=_("Purpose"), max_length=300, required=False)


class StocktakeStartForm(ScopedForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    rooms = forms.ModelMultipleChoiceField(
        Room.objects.select_related("building"),
        label=_("Rooms (none: the whole school)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SurplusForm(ScopedForm):
    code = forms.CharField(label=_("Asset code (if it has a label)"), max_length=40, required=False)
    description = forms.CharField(label=_("Or describe the item"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if not data.get("code") and not data.get("description"):
            raise ValidationError(_("Enter the asset code or describe the item."))
        return data


class PropertyCheckForm(ScopedForm):
    school_class = forms.ModelChoiceField(SchoolClass.objects.all(), label=_("Class"))
    kind = forms.ChoiceField(choices=CheckKind.choices, label=_("Check"))
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)
    damage = forms.CharField(label=_("Damage found (if any)"), max_length=200, required=False)
    damage_asset = forms.ModelChoiceField(
        Asset.objects.all(), label=_("Damaged asset"), required=False
    )
    amount = forms.DecimalField(
        label=_("Compensation (yuan)"), max_digits=12, decimal_places=2, min_value=0, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("damage") and data.get("amount") is None:
            self.add_error("amount", _("Enter the amount to charge (0 if none)."))
        return data


class SettleForm(ScopedForm):
    status = forms.ChoiceField(
        choices=[
            (CompensationStatus.PAID, CompensationStatus.PAID.label),
            (CompensationStatus.WAIVED, CompensationStatus.WAIVED.label),
        ],
        label=_("Settle as"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel ledger (.xlsx)"))


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100, required=False)
    file = forms.FileField(label=_("File (PDF, image, Word, Excel)"))


class StocktakeMarkForm(forms.Form):
    """One tap of the room walk: the line and what was found (the service checks the result)."""

    line = forms.IntegerField(min_value=1)
    result = forms.CharField(max_length=20, required=False)
    note = forms.CharField(required=False)  # kept to its first 200 characters, as before
