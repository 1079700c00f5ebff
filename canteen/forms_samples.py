"""Forms of the food samples and the refrigerator temperatures."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from canteen.models import SampleFridge
from canteen.models.samples import SAMPLE_MAX_GRAMS
from canteen.services import samples as services
from core.forms import DateInput, ScopedForm, ScopedModelForm, related
from core.uploads import PhotoFormField

TOO_HEAVY = _("More than %(limit_value)s g is not a sample; check the weight.")


def _fridges_in_use(form, name: str = "fridge") -> None:
    field = related(form, name)
    assert field.queryset is not None
    field.queryset = field.queryset.filter(active=True)


class SampleFridgeForm(ScopedModelForm):
    class Meta:
        pass


class FridgeTemperatureForm(ScopedModelForm):
    """The reader is the user; a typo (80 for 8.0) is refused by the field's bounds."""

    class Meta:
        widgets = {
            "day": DateInput(),
            "celsius": forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.recorded_by = self.user
        if "fridge" in self.fields:
            _fridges_in_use(self)


class FoodSampleForm(ScopedModelForm):
    """Adding a sample goes through canteen.services.samples.sample_record (the sampler is the
    user, the school's minimum is kept with it); a change saves the row (its minimum stays)."""

    class Meta:
        widgets = {
            "day": DateInput(),
            "taken_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "weight_grams": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.sampler = self.user
        _fridges_in_use(self)

    def clean(self):
        data = super().clean()
        if self.instance.disposed_at is not None:
            raise ValidationError(_("A disposed sample cannot be changed."))
        errors = services.sample_errors(
            school_id=self.user.school_id,
            day=data.get("day"),
            meal=data.get("meal"),
            dish=data.get("dish"),
            fridge=data.get("fridge"),
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def save(self, commit=True):
        if self.instance.pk:
            return super().save(commit)
        data = self.cleaned_data
        sample, _created = services.sample_record(
            school=self.user.school,
            day=data["day"],
            meal=data["meal"],
            dish=data["dish"],
            weight_grams=data["weight_grams"],
            fridge=data["fridge"],
            actor=self.user,
            taken_at=data.get("taken_at"),
            photo=data.get("photo") or None,
            checked=True,  # clean() did
        )
        return sample


class QuickSampleForm(ScopedForm):
    """The phone's one-tap form for one dish of the meal just served."""

    dish = forms.IntegerField(widget=forms.HiddenInput)
    weight_grams = forms.IntegerField(
        label=_("Weight (g)"),
        min_value=1,
        max_value=SAMPLE_MAX_GRAMS,
        error_messages={"max_value": TOO_HEAVY},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "weight"}),
    )
    fridge = forms.ModelChoiceField(
        queryset=SampleFridge.objects.all(), label=_("Refrigerator"), empty_label=None
    )
    photo = PhotoFormField(label=_("Photo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fridges_in_use(self)


class RecordAllForm(ScopedForm):
    """ "Record all": the dishes still without a sample get the same weight and refrigerator."""

    weight_grams = forms.IntegerField(
        label=_("Weight of each sample (g)"),
        min_value=1,
        max_value=SAMPLE_MAX_GRAMS,
        error_messages={"max_value": TOO_HEAVY},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    fridge = forms.ModelChoiceField(
        queryset=SampleFridge.objects.all(), label=_("Refrigerator"), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fridges_in_use(self)
