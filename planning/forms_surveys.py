"""Forms of the survey pages: they only parse; the services decide (planning.services_surveys)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import access
from core.forms import DateInput
from core.models import Term
from planning.models.surveys import QuestionKind, ServiceArea


class SurveyForm(forms.Form):
    term = forms.ModelChoiceField(queryset=Term.objects.none(), label=_("term"))
    title = forms.CharField(label=_("title"), max_length=120)
    intro = forms.CharField(
        label=_("introduction"), max_length=2000, required=False, widget=forms.Textarea({"rows": 3})
    )
    closes_on = forms.DateField(label=_("answers accepted until"), widget=DateInput())
    exclude_office_staff = forms.BooleanField(
        label=_("leave out the office's own staff"),
        required=False,
        initial=True,
        help_text=_("Logistics staff, repair workers and the director are not asked."),
    )
    standard_questions = forms.BooleanField(
        label=_("start with the standard questions"), required=False, initial=True
    )

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        terms = access.scope(user, Term).filter(school_id=user.school_id)
        self.fields["term"].queryset = terms  # type: ignore[attr-defined]
        if editing:
            del self.fields["term"], self.fields["standard_questions"]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("question"), max_length=300)
    kind = forms.ChoiceField(label=_("kind"), choices=QuestionKind.choices)
    area = forms.ChoiceField(
        label=_("service"), choices=ServiceArea.choices, initial=ServiceArea.GENERAL
    )
    required = forms.BooleanField(label=_("answer required"), required=False, initial=True)
