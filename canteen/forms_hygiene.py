"""Form bases of the hygiene records (their fields come from the Resource declarations)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen.models import AccompaniedMeal, DisinfectionBatch, MorningCheck
from canteen.models.hygiene import LEADER_ROLES, REVIEW_TEMPLATE_NAME, UnfitAction, UnfitReason
from canteen.services import hygiene as services
from core.forms import DateInput, ScopedModelForm, people_of_school, related
from safety.models import InspectionTask


class DisinfectionBatchForm(ScopedModelForm):
    class Meta:
        widgets = {"day": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user.school_id:
            services.default_methods_ensure(school_id=self.user.school_id)
        methods = related(self, "method")
        methods.queryset = methods.queryset.filter(is_active=True)  # type: ignore[union-attr]
        operators = related(self, "operator")
        operators.queryset = operators.queryset.filter(on_duty=True)  # type: ignore[union-attr]
        fixes = related(self, "fixes")
        fixes.queryset = fixes.queryset.filter(  # type: ignore[union-attr]
            below_minimum=True, resolved_at__isnull=True
        ).exclude(pk=self.instance.pk)
        if not self.instance.pk:
            self.initial["day"] = self.initial.get("day") or timezone.localdate()

    def save(self, commit: bool = True) -> DisinfectionBatch:
        batch = super().save(commit=False)
        return services.disinfection_save(batch=batch, actor=self.user)


class HealthCertificateForm(ScopedModelForm):
    class Meta:
        widgets = {"issued_on": DateInput(), "valid_until": DateInput()}


class MorningCheckForm(ScopedModelForm):
    class Meta:
        widgets = {"day": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial["day"] = self.initial.get("day") or timezone.localdate()

    def save(self, commit: bool = True) -> MorningCheck:
        check = super().save(commit=False)
        if check.checked_by_id is None:
            check.checked_by = self.user
        check.save()
        return check


class AccompaniedMealForm(ScopedModelForm):
    class Meta:
        widgets = {"day": DateInput(), "problems": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        leaders = related(self, "leader")
        leaders.queryset = (
            people_of_school(self.user).filter(user_roles__role__in=LEADER_ROLES).distinct()
        )
        leaders.required = False
        if not self.instance.pk:
            self.initial["day"] = self.initial.get("day") or timezone.localdate()
            if self.user.role_codes & LEADER_ROLES:
                self.initial["leader"] = self.initial.get("leader") or self.user.pk

    def save(self, commit: bool = True) -> AccompaniedMeal:
        meal = super().save(commit=False)
        return services.meal_save(meal=meal, actor=self.user)


class MonthlyReviewForm(ScopedModelForm):
    class Meta:
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every round of the school's review checklist, not only the rounds assigned to the
        # user: whoever records the meeting's minute may pick the round it was held for.
        related(self, "task").queryset = review_rounds(self.user)


class UnfitForm(forms.Form):
    """The "not fit" path of the phone screen: why, and what was done."""

    reason = forms.ChoiceField(
        label=_("reason"), choices=UnfitReason.choices, widget=forms.RadioSelect
    )
    action = forms.ChoiceField(
        label=_("action"), choices=UnfitAction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class MealResolveForm(forms.Form):
    note = forms.CharField(
        label=_("How it was dealt with"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


def review_rounds(user):
    """The rounds of the canteen's monthly review checklist at the user's school."""
    return InspectionTask.objects.filter(
        school_id=user.school_id, template__name=REVIEW_TEMPLATE_NAME
    ).select_related("template", "room")
