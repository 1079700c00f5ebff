"""Forms of the menus part: the dish and banned-food bases, the weekly editor's inputs, settings."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from canteen.choices import Meal
from canteen.models import CanteenSettings, Dish, WeeklyMenu
from canteen.services import menus as services
from core import access
from core.forms import DateInput, ScopedForm, ScopedModelForm
from core.input_bounds import validate_plausible_date


class DishForm(ScopedModelForm):
    """A dish of the library; one that matches a banned food is kept but the cook is told it can
    never go on a menu (the library may record what the school used to cook)."""

    def clean(self):
        data = super().clean()
        found = services.banned_match(
            name=data.get("name") or "",
            main_ingredients=data.get("main_ingredients") or "",
            banned=services.active_banned_foods(self.instance.school_id),
        )
        if found is not None:
            self.notices.append(found.message(data.get("name") or ""))
        return data


class BannedFoodForm(ScopedModelForm):
    """A banned food the school (or its province) adds; the keywords need one real word."""

    class Meta:
        widgets = {"keywords": forms.TextInput(attrs={"placeholder": "四季豆,芸豆,-菜豆腐"})}

    def clean_keywords(self) -> str:
        value = self.cleaned_data["keywords"]
        probe = type(self.instance)(keywords=value)
        positive, _exceptions = services._keywords(probe)
        if not positive:
            raise forms.ValidationError(
                _("Give at least one keyword (comma-separated; “-word” marks an exception).")
            )
        return value


class WeeklyMenuForm(ScopedModelForm):
    class Meta:
        model = WeeklyMenu
        fields = ["week_start", "notes"]
        widgets = {"week_start": DateInput()}

    def clean_week_start(self) -> dt.date:
        value = self.cleaned_data["week_start"]
        validate_plausible_date(value)
        services.validate_week_start(value)
        return value


class MenuEntryForm(ScopedForm):
    """One dish for one meal of one day of the menu (the editor's add form)."""

    day = forms.DateField(label=_("Day"), widget=forms.HiddenInput)
    meal = forms.ChoiceField(label=_("Meal"), choices=Meal.choices, widget=forms.HiddenInput)
    dish = forms.ModelChoiceField(label=_("Dish"), queryset=Dish.objects.all())

    def __init__(self, *args, menu: WeeklyMenu, **kwargs):
        super().__init__(*args, **kwargs)
        self.menu = menu
        field = self.fields["dish"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            access.scope(self.user, Dish)
            .filter(school_id=menu.school_id, archived_at__isnull=True)
            .order_by("category", "name")
        )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the kitchen"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the menu goes back (a comment is required).")},
    )


class CanteenSettingsForm(ScopedModelForm):
    class Meta:
        model = CanteenSettings
        fields = [
            "serves_breakfast",
            "serves_lunch",
            "serves_dinner",
            "breakfast_at",
            "lunch_at",
            "dinner_at",
            "sample_min_grams",
            "sample_check_after_minutes",
            "shelf_life_max_share",
        ]
        widgets = {
            "breakfast_at": forms.TimeInput(attrs={"type": "time"}),
            "lunch_at": forms.TimeInput(attrs={"type": "time"}),
            "dinner_at": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        data = super().clean()
        if not any(data.get(f"serves_{meal}") for meal in Meal.values):
            raise forms.ValidationError(_("The canteen serves at least one meal."))
        return data


class MonthForm(forms.Form):
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^(20[0-9]{2})-(0[1-9]|1[0-2])$",
        error_messages={"invalid": _("Give the month as YYYY-MM, e.g. 2026-11.")},
        widget=forms.TextInput(attrs={"type": "month"}),
    )

    def first_day(self) -> dt.date:
        year, month = self.cleaned_data["month"].split("-")
        return dt.date(int(year), int(month), 1)
