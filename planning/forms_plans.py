"""Forms of the plan page. They parse the request only; every rule is the service's
(planning.services.plans), whose refusals come back as these forms' field errors."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.forms import DateInput, people_of_school
from core.models import User
from planning.choices_plans import SUGGESTED_AREAS, Direction, KpiKind, KpiWindow, PlanStatus
from planning.models import Goal, Plan, PlanArea


class PlanForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=120)
    first_year = forms.IntegerField(
        label=_("first school year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year the first school year starts in (2025 for 2025–2026)."),
    )
    summary = forms.CharField(label=_("summary"), required=False, widget=forms.Textarea)


class _PlanPartForm(forms.Form):
    """A change of a plan's content; an approved plan's change needs its reason (a revision)."""

    reason = forms.CharField(
        label=_("reason for the revision"),
        max_length=300,
        required=False,
        help_text=_("The plan is approved: say why it changes; the revision is recorded."),
    )

    def __init__(self, *args, plan: Plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if plan.status != PlanStatus.APPROVED:
            del self.fields["reason"]
        for name in ("area", "goal"):
            if name in self.fields:
                model = PlanArea if name == "area" else Goal
                self.fields[name].queryset = model.objects.filter(plan=plan)  # type: ignore[attr-defined]
        if "owner" in self.fields:
            self.fields["owner"].queryset = people_of_school(user)  # type: ignore[attr-defined]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        return data


class AreaForm(_PlanPartForm):
    name = forms.CharField(
        label=_("area"),
        max_length=40,
        widget=forms.TextInput(attrs={"list": "area-suggestions"}),
    )
    suggestions = SUGGESTED_AREAS


class GoalForm(_PlanPartForm):
    area = forms.ModelChoiceField(label=_("area"), queryset=PlanArea.objects.none())
    title = forms.CharField(label=_("goal"), max_length=200)
    target_year1 = forms.CharField(
        label=_("target of the first year"), max_length=300, required=False
    )
    target_year2 = forms.CharField(
        label=_("target of the second year"), max_length=300, required=False
    )
    target_year3 = forms.CharField(
        label=_("target of the third year"), max_length=300, required=False
    )
    measures = forms.CharField(label=_("measures"), required=False, widget=forms.Textarea)
    owner = forms.ModelChoiceField(label=_("owner"), queryset=User.objects.none(), required=False)
    evidence_expected = forms.CharField(
        label=_("evidence expected"), max_length=300, required=False
    )


class MetricChoiceField(forms.ChoiceField):
    """The registry's metrics as choices; a key not offered is left to the service, whose
    sentence ("unknown metric …") says what is wrong."""

    def validate(self, value):
        if self.required and not value:
            super().validate(value)


def metric_choices() -> list:
    """The registry's figures grouped by module (the module's name, then each figure's label and
    unit: the key stays the option's value, never shown)."""
    from django.apps import apps

    groups: dict[str, list[tuple[str, str]]] = {}
    for m in sorted(metrics.all_metrics(), key=lambda m: m.key):
        groups.setdefault(m.module, []).append((m.key, f"{m.label}（{m.unit}）"))
    return [("", "—")] + [
        (apps.get_app_config(module).verbose_name, options) for module, options in groups.items()
    ]


class KpiForm(_PlanPartForm):
    goal = forms.ModelChoiceField(label=_("goal"), queryset=Goal.objects.none())
    name = forms.CharField(label=_("indicator"), max_length=120)
    kind = forms.ChoiceField(label=_("kind"), choices=KpiKind.choices)
    metric_key = MetricChoiceField(label=_("metric"), required=False)
    window = forms.ChoiceField(label=_("read over"), choices=KpiWindow.choices)
    unit = forms.CharField(label=_("unit"), max_length=20, required=False)
    direction = forms.ChoiceField(label=_("direction"), choices=Direction.choices)
    baseline = forms.DecimalField(label=_("baseline"), max_digits=12, decimal_places=2)
    target_year1 = forms.DecimalField(
        label=_("target, first year"), max_digits=12, decimal_places=2
    )
    target_year2 = forms.DecimalField(
        label=_("target, second year"), max_digits=12, decimal_places=2
    )
    target_year3 = forms.DecimalField(
        label=_("target, third year"), max_digits=12, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric_key"].choices = metric_choices()  # type: ignore[attr-defined]


class MilestoneForm(_PlanPartForm):
    goal = forms.ModelChoiceField(label=_("goal"), queryset=Goal.objects.none())
    title = forms.CharField(label=_("milestone"), max_length=200)
    due = forms.DateField(label=_("due"), widget=DateInput())
    owner = forms.ModelChoiceField(label=_("owner"), queryset=User.objects.none(), required=False)
    evidence_expected = forms.CharField(
        label=_("evidence expected"), max_length=300, required=False
    )


PART_FORMS: dict[str, type[_PlanPartForm]] = {
    "area": AreaForm,
    "goal": GoalForm,
    "kpi": KpiForm,
    "milestone": MilestoneForm,
}


class KpiValueForm(forms.Form):
    measured_on = forms.DateField(label=_("measured on"), widget=DateInput())
    value = forms.DecimalField(label=_("value"), max_digits=12, decimal_places=2)
    evidence_file = forms.FileField(label=_("evidence file"), required=False)
    evidence_link = forms.URLField(
        label=_("evidence link"), max_length=300, required=False, assume_scheme="https"
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class MilestoneDoneForm(forms.Form):
    evidence = forms.CharField(label=_("evidence"), max_length=300)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("comment"),
        max_length=300,
        error_messages={"required": _("Say why the plan goes back (a comment is required).")},
    )
