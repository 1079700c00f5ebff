"""Hygiene pages (issue 11, points 4–7): the records as Resources (list, export, form, API), the
phone screens of the day (today's hygiene work, the morning check with one tap per person), the
陪餐 problem's step, the daily check's flags and installing the canteen's checklists."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from canteen import forms_hygiene as forms
from canteen import hygiene_tables as tables
from canteen.api import hygiene as api
from canteen.models import (
    AccompaniedMeal,
    DisinfectionBatch,
    DisinfectionMethod,
    HealthCertificate,
    HygieneFlag,
    MonthlyReview,
    MorningCheck,
    StaffMember,
)
from canteen.models.hygiene import LEADER_ROLES, MealCompanion, ProblemStatus
from canteen.navigation import CANTEEN
from canteen.selectors import served_meals
from canteen.services import hygiene as services
from canteen.workflow_hygiene import MEAL_WORKFLOW
from core import access
from core.choices import Role
from core.resources import Resource
from core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
)
from core.views.workflow import TransitionView, steps_for


class PrefilledCreateView(ObjectCreateView):
    """The add form starts from the link's query (?meal=lunch&fixes=12): one tap from today."""

    def get_form(self, instance):
        form = super().get_form(instance)
        if not form.is_bound:
            for name, value in self.request.GET.items():
                if name in form.fields:
                    form.initial[name] = value
        return form


class MealDetailView(ObjectDetailView):
    """The 陪餐 record with its step: the canteen records how a problem was dealt with."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = steps_for(MEAL_WORKFLOW, self.request.user, context["object"])
        context["resolve_form"] = forms.MealResolveForm()
        return context


method = Resource(
    model=DisinfectionMethod,
    fields=["name", "min_temperature_c", "min_seconds", "min_concentration_mg_l", "is_active"],
    table=tables.DisinfectionMethodTable,
    filterset=tables.DisinfectionMethodFilterSet,
    url_prefix="disinfection/methods",
    api_prefix="disinfection-methods",
    api_ordering=["name"],
    menu=(CANTEEN, _lazy("Disinfection methods")),
)
batch = Resource(
    model=DisinfectionBatch,
    fields=[
        "day",
        "meal",
        "method",
        "temperature_c",
        "minutes",
        "seconds",
        "concentration_mg_l",
        "operator",
        "fixes",
    ],
    show=[
        "day",
        "meal",
        "method",
        "temperature_c",
        "minutes",
        "seconds",
        "concentration_mg_l",
        "operator",
        "fixes",
        "below_minimum",
        "shortfall",
        "resolved_at",
        "recorded_by",
    ],
    table=tables.DisinfectionBatchTable,
    filterset=tables.DisinfectionBatchFilterSet,
    queryset=DisinfectionBatch.objects.select_related("method", "operator", "fixes"),
    form_base=forms.DisinfectionBatchForm,
    serializer_base=api.DisinfectionBatchSerializer,
    url_prefix="disinfection",
    api_prefix="disinfection",
    api_read_only=["below_minimum", "shortfall", "resolved_at", "recorded_by"],
    api_ordering=["day", "meal"],
    menu=(CANTEEN, _lazy("Disinfection log")),
    views={"add": PrefilledCreateView},
    related_template="canteen/hygiene/batch_related.html",
)
staff = Resource(
    model=StaffMember,
    fields=["name", "job", "phone", "user", "on_duty"],
    table=tables.StaffMemberTable,
    filterset=tables.StaffMemberFilterSet,
    url_prefix="staff",
    api_prefix="staff",
    api_ordering=["name"],
    menu=(CANTEEN, _lazy("Canteen staff")),
    related_template="canteen/hygiene/staff_related.html",
)
certificate = Resource(
    model=HealthCertificate,
    fields=["staff", "number", "issued_on", "valid_until"],
    table=tables.HealthCertificateTable,
    filterset=tables.HealthCertificateFilterSet,
    queryset=HealthCertificate.objects.select_related("staff"),
    form_base=forms.HealthCertificateForm,
    serializer_base=api.CleanedSerializer,
    url_prefix="health-certificates",
    api_prefix="health-certificates",
    api_ordering=["valid_until", "issued_on"],
    menu=(CANTEEN, _lazy("Health certificates")),
    views={"add": PrefilledCreateView},
)
check = Resource(
    model=MorningCheck,
    fields=["day", "staff", "fit", "reason", "action", "note"],
    show=["day", "staff", "fit", "reason", "action", "note", "checked_by"],
    table=tables.MorningCheckTable,
    filterset=tables.MorningCheckFilterSet,
    queryset=MorningCheck.objects.select_related("staff", "checked_by"),
    form_base=forms.MorningCheckForm,
    serializer_base=api.MorningCheckSerializer,
    url_prefix="morning-checks",
    api_prefix="morning-checks",
    api_read_only=["checked_by"],
    api_ordering=["day"],
    menu=(CANTEEN, _lazy("Morning checks")),
)
meal = Resource(
    model=AccompaniedMeal,
    fields=[
        "day",
        "meal",
        "kind",
        "leader",
        "parent_name",
        "taste",
        "hygiene",
        "portion",
        "problems",
    ],
    show=[
        "day",
        "meal",
        "kind",
        "leader",
        "parent_name",
        "taste",
        "hygiene",
        "portion",
        "problems",
        "status",
        "resolution",
        "resolved_by",
        "resolved_at",
    ],
    table=tables.AccompaniedMealTable,
    filterset=tables.AccompaniedMealFilterSet,
    queryset=AccompaniedMeal.objects.select_related("leader", "resolved_by"),
    form_base=forms.AccompaniedMealForm,
    serializer_base=api.AccompaniedMealSerializer,
    viewset_base=api.AccompaniedMealActions,
    url_prefix="accompanied-meals",
    api_prefix="accompanied-meals",
    api_read_only=["status", "resolution", "resolved_by", "resolved_at"],
    api_ordering=["day", "meal"],
    menu=(CANTEEN, _lazy("陪餐 log")),
    menu_daily_for=frozenset({Role.PRINCIPAL}),  # the leader logs each meal eaten with pupils
    views={"add": PrefilledCreateView, "detail": MealDetailView},
    related_template="canteen/hygiene/meal_workflow.html",
)
review = Resource(
    model=MonthlyReview,
    fields=["task", "held_on", "attendees", "risks", "measures"],
    table=tables.MonthlyReviewTable,
    filterset=tables.MonthlyReviewFilterSet,
    form_base=forms.MonthlyReviewForm,
    serializer_base=api.MonthlyReviewSerializer,
    url_prefix="monthly-reviews",
    api_prefix="monthly-reviews",
    api_ordering=["held_on"],
    menu=(CANTEEN, _lazy("Monthly review meetings")),
    views={"add": PrefilledCreateView},
    list_actions_template="canteen/hygiene/review_list_actions.html",
)
ALL = [method, batch, staff, certificate, check, meal, review]


class MealStepView(TransitionView, meal.detail):  # type: ignore[name-defined]
    workflow = MEAL_WORKFLOW

    def take(self, transition, obj):
        form = forms.MealResolveForm(self.request.POST)
        if not form.is_valid():
            messages.error(self.request, _("Say how the problem was dealt with."))
            return self.render_refused(obj, status=400)
        try:
            services.meal_problem_resolve(
                meal=obj,
                actor=access.signed_in(self.request.user),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return self.render_refused(obj, status=400)
        messages.success(self.request, _("Saved."))
        return redirect(obj.get_absolute_url())


class HygieneFlagListView(ObjectListView):
    model = HygieneFlag
    filterset_class = tables.HygieneFlagFilterSet
    table_class = tables.HygieneFlagTable


class HygieneFlagDetailView(ObjectDetailView):
    model = HygieneFlag
    detail_fields = ["day", "meal", "kind", "created_at", "notified_at"]


class TodayView(ScopedViewMixin, View):
    """What today's hygiene still needs, on a phone: the morning check, each meal's
    disinfection, batches waiting for re-disinfection, 陪餐 and its open problems."""

    model = MorningCheck
    template_name = "canteen/hygiene/today.html"

    def get(self, request):
        user = access.signed_in(request.user)
        today = timezone.localdate()
        school_id = user.school_id
        meals = served_meals([school_id], today).get(school_id, []) if school_id else []
        batches = access.scope(user, DisinfectionBatch).filter(day=today)
        done_meals = set(batches.values_list("meal", flat=True))
        leader_meals = set(
            access.scope(user, AccompaniedMeal)
            .filter(day=today, kind=MealCompanion.LEADER)
            .values_list("meal", flat=True)
        )
        on_duty = access.scope(user, StaffMember).filter(on_duty=True, archived_at__isnull=True)
        checked = access.scope(user, MorningCheck).filter(day=today).count()
        context = self.get_context_data(
            today=today,
            meals=[(m, m.meal in done_meals, m.meal in leader_meals) for m in meals],
            staff_total=on_duty.count(),
            staff_checked=checked,
            open_batches=access.scope(user, DisinfectionBatch).filter(
                below_minimum=True, resolved_at__isnull=True
            ),
            open_problems=access.scope(user, AccompaniedMeal).filter(status=ProblemStatus.OPEN),
            can_record=access.can(user, DisinfectionBatch, "add"),
            can_log_meal=access.can(user, AccompaniedMeal, "add"),
            is_leader=bool(user.role_codes & LEADER_ROLES),
        )
        return TemplateResponse(request, self.template_name, context)


class MorningTodayView(ScopedViewMixin, View):
    """Today's staff with one big "fit" tap each; "not fit" asks the reason and the action."""

    model = MorningCheck
    action = "add"
    template_name = "canteen/hygiene/morning_today.html"

    def rows(self, user, today):
        staff = access.scope(user, StaffMember).filter(on_duty=True, archived_at__isnull=True)
        checks = {c.staff_id: c for c in access.scope(user, MorningCheck).filter(day=today)}
        valid = set(
            access.scope(user, HealthCertificate)
            .filter(issued_on__lte=today, valid_until__gte=today, archived_at__isnull=True)
            .values_list("staff_id", flat=True)
        )
        return [(person, checks.get(person.pk), person.pk in valid) for person in staff]

    def get(self, request, status=200):
        user = access.signed_in(request.user)
        today = timezone.localdate()
        context = self.get_context_data(today=today, rows=self.rows(user, today))
        return TemplateResponse(request, self.template_name, context, status=status)

    def post(self, request):
        user = access.signed_in(request.user)
        staff_id = request.POST.get("staff", "")
        if not staff_id.isdigit() or len(staff_id) > 15:  # an id, not a number too big for SQL
            messages.error(request, _("Choose a person of the list."))
            return self.get(request, status=400)
        person = get_object_or_404(access.scope(user, StaffMember, "view"), pk=int(staff_id))
        try:
            services.morning_check_record(
                school_id=user.school_id or 0,
                staff=person,
                day=timezone.localdate(),
                fit=True,
                actor=user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.get(request, status=400)
        messages.success(request, _("%(name)s: fit") % {"name": person})
        return redirect("canteen:morning_today")


class MorningUnfitView(ScopedViewMixin, View):
    model = MorningCheck
    action = "add"
    template_name = "canteen/hygiene/morning_unfit.html"

    def person(self):
        user = access.signed_in(self.request.user)
        return get_object_or_404(access.scope(user, StaffMember), pk=self.kwargs["pk"])

    def render(self, form, status=200):
        context = self.get_context_data(form=form, person=self.person())
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render(forms.UnfitForm())

    def post(self, request, pk):
        user = access.signed_in(request.user)
        form = forms.UnfitForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            services.morning_check_record(
                school_id=user.school_id or 0,
                staff=self.person(),
                day=timezone.localdate(),
                fit=False,
                actor=user,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render(form, status=400)
        messages.success(request, _("Saved."))
        return redirect("canteen:morning_today")


class ChecklistInstallView(ScopedViewMixin, View):
    """The canteen's daily control, weekly check and monthly review templates, in one tap."""

    model = MonthlyReview
    action = "add"
    http_method_names = ["post"]

    def post(self, request):
        user = access.signed_in(request.user)
        if user.school is None:
            return redirect("canteen:monthlyreview_list")
        try:
            made = services.checklists_install(school=user.school, actor=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("canteen:monthlyreview_list")
        messages.success(request, _("%(n)s canteen checklists installed.") % {"n": made})
        return redirect("canteen:monthlyreview_list")


def urlpatterns() -> list:
    return [
        path("hygiene/today/", TodayView.as_view(), name="hygiene_today"),
        path("hygiene/flags/", HygieneFlagListView.as_view(), name="hygieneflag_list"),
        path(
            "hygiene/flags/<int:pk>/",
            HygieneFlagDetailView.as_view(),
            name="hygieneflag_detail",
        ),
        path(
            "hygiene/checklists/install/",
            ChecklistInstallView.as_view(),
            name="hygiene_checklists_install",
        ),
        path("morning-checks/today/", MorningTodayView.as_view(), name="morning_today"),
        path(
            "morning-checks/today/<int:pk>/unfit/",
            MorningUnfitView.as_view(),
            name="morning_unfit",
        ),
        path(
            "accompanied-meals/<int:pk>/steps/<slug:step>/",
            MealStepView.as_view(),
            name="accompaniedmeal_step",
        ),
        *[p for resource in ALL for p in resource.urlpatterns()],
    ]
