"""Model forms whose related-record choices are limited to the user's own school."""

from __future__ import annotations

from typing import Any, Protocol

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core import access
from core.models import Room, User


class ScopedModelForm(forms.ModelForm):
    """Takes `user`; a related record of another school is not a valid choice (a clear error).

    `locked` names the fields given when the record is made and fixed afterwards (changed only
    through a service, e.g. an asset's movements): the edit form of an existing record leaves
    them out (core.resources.Resource(locked=...) sets it)."""

    locked: tuple[str, ...] = ()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk is not None:
            for name in self.locked:
                self.fields.pop(name, None)
        # What the saved record made of the input, told to the user after saving
        # ("only the last four characters are kept: 1234"): accepted, but never silently changed.
        self.notices: list[str] = []
        if self.instance.pk is None and hasattr(self.instance, "school_id"):
            self.instance.school = user.school
        scope_choices(self.fields, user)

    def _get_validation_exclusions(self):
        # Validate (school, ...) uniqueness here, as a form error, not as an IntegrityError later.
        # A private Django hook, absent from django-stubs.
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        exclusions.discard("school")
        return exclusions

    def clean(self) -> dict[str, Any]:
        # ModelForm.clean returns cleaned_data (the stub says Optional): typed once for subclasses.
        super().clean()
        return self.cleaned_data


def scope_choices(fields, user) -> None:
    """Limit every related-record choice to what the user may pick: their school's rows."""
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        if queryset.model is User:
            # Picking a person (custodian, assignee) is not managing users: any active member
            # of the user's own school may be chosen.
            field.queryset = people_of_school(user)
        elif hasattr(queryset.model, "access"):
            queryset = access.scope(user, queryset)
            if hasattr(queryset.model, "archived_at"):
                queryset = queryset.filter(archived_at__isnull=True)
            if queryset.model is Room:
                queryset = queryset.select_related("building")  # a room's label names it
            field.queryset = queryset


class ScopedForm(forms.Form):
    """A plain form (a workflow step) with related choices limited like ScopedModelForm's."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choices(self.fields, user)

    def clean(self) -> dict[str, Any]:
        # Form.clean returns cleaned_data (the stub says Optional): typed once for subclasses.
        super().clean()
        return self.cleaned_data


class _HasFields(Protocol):
    fields: dict[str, forms.Field]


def related(form: _HasFields, name: str) -> forms.ModelChoiceField:
    """The form's related-record field `name` (to narrow its choices); the form declares it so."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)  # ModelMultipleChoiceField included
    return field


def related_choices(form: _HasFields, name: str) -> QuerySet:
    """The rows the form's related-record field `name` offers."""
    queryset = related(form, name).queryset
    assert queryset is not None  # every related field of the app's forms is given its rows
    return queryset


def people_of_school(user):
    """Active users of the user's school, for person pickers."""
    return User.objects.filter(school_id=user.school_id, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# The calendar forms are bases: their model and fields come from the resource declarations
# (core/views/places.py), which generate the ModelForm from them.
class TermForm(ScopedModelForm):
    class Meta:
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise forms.ValidationError(_("The last day must come after the first day."))
        return data


class HolidayForm(TermForm):
    """Days off, or a 调休 weekend day that is worked; Holiday.clean refuses what no calendar holds."""

    class Meta:
        widgets = {"start": DateInput(), "end": DateInput()}
        help_texts = {
            "kind": _(
                "A holiday closes its days, weekdays included. A make-up working day is a Saturday "
                "or Sunday that is worked (调休): enter each one on its own."
            )
        }

    def clean(self):
        data = forms.ModelForm.clean(self)
        assert data is not None  # ModelForm.clean returns cleaned_data
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The last day cannot come before the first day."))
        return data
