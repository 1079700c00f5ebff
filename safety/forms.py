"""Forms: plain records are saved by the generic views; workflow steps hand their data to services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core import access
from core.choices import RoomType
from core.forms import DateInput, ScopedModelForm, people_of_school, related, related_choices
from core.models import Room, Term, User
from core.uploads import PhotoFormField
from safety import services
from safety.choices import Result, Severity, TermPoint
from safety.models import Hazard

ID_NUMBER_MAX_LENGTH = 18  # 居民身份证号码


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoomChoicesMixin:
    """Room choices print their building: read it in the same query."""

    fields: dict[str, forms.Field]  # the form's (the mixin comes first in a form's bases)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("room", "rooms"):
            if name in self.fields:
                related(self, name).queryset = related_choices(self, name).select_related(
                    "building"
                )


class InspectionTemplateForm(RoomChoicesMixin, ScopedModelForm):
    """Base of the form the checklist resource generates (safety/views/rounds.py)."""

    term_points = forms.MultipleChoiceField(
        choices=TermPoint.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Points of the term"),
    )
    room_types = forms.MultipleChoiceField(
        choices=RoomType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Room types"),
    )

    class Meta:
        widgets = {"in_use_from": TimeInput(), "in_use_until": TimeInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        related(self, "default_assignee").queryset = people_of_school(user)
        self.fields["default_assignee"].required = False

    def clean(self):
        data = super().clean()
        for name in ("frequency", "weekday", "day_of_month", "term_points", "interval_hours"):
            if name in data:
                setattr(self.instance, name, data[name])
        for name in ("in_use_from", "in_use_until"):
            if data.get(name):
                setattr(self.instance, name, data[name])
        has_terms = Term.objects.filter(school_id=self.user.school_id).exists()
        for problem in services.template_frequency_problems(self.instance, has_terms=has_terms):
            self.add_error(None, problem)
        return data


class AnswerForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(choices=Result.choices, widget=forms.RadioSelect, label=_("Result"))
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note")
    )
    photo = PhotoFormField(required=False, label=_("Photo"))


class HazardReportForm(RoomChoicesMixin, ScopedModelForm):
    class Meta:
        model = Hazard
        fields = ["description", "severity", "building", "room", "location_note", "photo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class HazardAssignForm(forms.Form):
    responsible = forms.ModelChoiceField(
        queryset=User.objects.none(), label=_("Responsible person")
    )
    deadline = forms.DateField(widget=DateInput(), label=_("Deadline"))
    severity = forms.TypedChoiceField(
        choices=Severity.choices, coerce=int, label=_("Severity"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        related(self, "responsible").queryset = people_of_school(user)


class HazardHandleForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("What was done"))
    photo = PhotoFormField(required=False, label=_("Photo after handling"))


class HazardRepairForm(RoomChoicesMixin, forms.Form):
    category = forms.ChoiceField(label=_("Repair category"))
    urgency = forms.ChoiceField(label=_("Urgency"))
    room = forms.ModelChoiceField(queryset=Room.objects.none(), label=_("Room"), required=False)

    def __init__(self, *args, user, **kwargs):
        from repairs.choices import Category, Priority

        super().__init__(*args, **kwargs)
        category, urgency = self.fields["category"], self.fields["urgency"]
        assert isinstance(category, forms.ChoiceField) and isinstance(urgency, forms.ChoiceField)
        category.choices = Category.choices
        urgency.choices = Priority.choices
        related(self, "room").queryset = access.scope(user, Room).filter(
            school_id=user.school_id, archived_at__isnull=True
        )


class HazardRejectForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Why not accepted"))


class HazardEditForm(HazardReportForm):
    """The director corrects a report (the workflow steps have their own buttons)."""


class FireEquipmentForm(RoomChoicesMixin, ScopedModelForm):
    """Base of the form the fire-equipment resource generates (safety/views/registers.py)."""

    class Meta:
        widgets = {
            "production_date": DateInput(),
            "next_service_date": DateInput(),
            "expiry_date": DateInput(),
        }

    def clean(self):
        data = super().clean()
        made, expires = data.get("production_date"), data.get("expiry_date")
        if made and expires and expires <= made:
            raise ValidationError(_("The expiry date must come after the production date."))
        return data


class FireCheckForm(forms.Form):
    checked_on = forms.DateField(widget=DateInput(), label=_("Checked on"))
    result = forms.ChoiceField(
        choices=[("ok", _("In order")), ("defective", _("Defective"))], label=_("Result")
    )
    serviced = forms.BooleanField(required=False, label=_("Serviced / refilled"))
    next_service_date = forms.DateField(
        required=False, widget=DateInput(), label=_("Next service date (when serviced)")
    )
    note = forms.CharField(required=False, max_length=200, label=_("Note"))


class DrillForm(ScopedModelForm):
    """Base of the form the drill resource generates (safety/views/registers.py)."""

    class Meta:
        widgets = {"date": DateInput()}


class VisitorForm(ScopedModelForm):
    """The gate keeps only the last 4 characters of an ID. A guard often types the whole number:
    it is accepted, cut to its last four, and the guard is told what was kept (never silently,
    and never the first four, which a 4-character input box would keep).
    """

    id_last4 = forms.CharField(
        label=_("ID card, last 4"),
        max_length=ID_NUMBER_MAX_LENGTH,
        help_text=_("The last 4 characters; a full ID number is cut to its last 4."),
    )

    class Meta:
        widgets = {"time_in": DateTimeInput()}

    def clean_id_last4(self):
        typed = "".join((self.cleaned_data.get("id_last4") or "").split()).upper()
        if len(typed) not in (4, 15, ID_NUMBER_MAX_LENGTH):
            raise ValidationError(
                _("Enter the last 4 characters of the ID card or the full 15/18-character number.")
            )
        kept = typed[-4:]
        if len(typed) > 4:
            self.notices.append(
                _("Only the last four characters are kept: %(kept)s") % {"kept": kept}
            )
        return kept


# Duty rosters and shifts: bases of the forms their resources generate (safety/views/rosters.py).
class DutyRosterForm(ScopedModelForm):
    class Meta:
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].required = self.fields["end"].required = False
        self.fields["start"].help_text = _("Empty: the holiday's first day.")

    def clean(self):
        data = super().clean()
        holiday = data.get("holiday")
        if holiday:
            data["start"] = data.get("start") or holiday.start
            data["end"] = data.get("end") or holiday.end
        for name in ("start", "end"):
            if not data.get(name):
                self.add_error(name, _("Give the dates, or choose the holiday."))
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_("The last day cannot come before the first day."))
        return data


class DutyShiftForm(ScopedModelForm):
    class Meta:
        widgets = {"date": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        related(self, "person").queryset = people_of_school(user)

    def clean(self):
        data = super().clean()
        roster, day = data.get("roster"), data.get("date")
        if roster and day and not roster.start <= day <= roster.end:
            self.add_error("date", _("The day must fall within the roster's dates."))
        return data
