"""Hazard (隐患) pages: list, detail, report and the workflow steps."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from core import access
from core.views.generic import (
    Crud,
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
)
from core.views.workflow import TransitionView, steps_for
from core.workflow import TransitionRefused
from safety import filters, forms, services, tables
from safety.models import (
    Hazard,
)
from safety.views.common import _flatten
from safety.workflow import HAZARD_WORKFLOW


class HazardListView(ObjectListView):
    model = Hazard
    filterset_class = filters.HazardFilterSet
    table_class = tables.HazardTable
    extra_actions_template = "safety/includes/hazard_list_actions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_report = self.permitted("report") and access.signed_in(self.request.user).school_id
        context["add_url"] = reverse("safety:hazard_add") if can_report else ""
        return context


class HazardDetailView(ObjectDetailView):
    model = Hazard
    queryset = Hazard.objects.select_related(
        "room__building",
        "building",
        "found_by",
        "responsible",
        "handler",
        "accepted_by",
        "source_answer__task",
        "repair_request",
    )
    detail_fields = [
        "status",
        "severity",
        "description",
        "building",
        "room",
        "location_note",
        "found_by",
        "responsible",
        "deadline",
        "handler",
        "handled_at",
        "handling_note",
        "accepted_by",
        "accepted_at",
        "repair_request",
    ]
    related_template = "safety/includes/hazard_workflow.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hazard, user = context["object"], self.request.user
        context.update(
            steps=steps_for(HAZARD_WORKFLOW, user, hazard),  # the buttons: safety.workflow
            assign_form=forms.HazardAssignForm(
                user=user,
                initial={
                    "responsible": hazard.responsible_id,
                    "deadline": hazard.deadline,
                    "severity": hazard.severity,
                },
            ),
            handle_form=forms.HazardHandleForm(),
            reject_form=forms.HazardRejectForm(),
            repair_form=forms.HazardRepairForm(
                user=user, initial={"room": hazard.room_id, "urgency": "normal"}
            ),
        )
        return context


class HazardReportView(ScopedViewMixin, View):
    """Anyone of the school reports a hazard (隐患随手拍)."""

    model = Hazard
    action = "report"
    template_name = "core/object_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.school_id is None:
            raise PermissionDenied(_("Only members of a school can add its records."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(forms.HazardReportForm(user=request.user, initial=request.GET.dict()))

    def post(self, request):
        form = forms.HazardReportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                hazard = services.hazard_report(
                    school=request.user.school,
                    reporter=request.user,
                    description=data["description"],
                    severity=data["severity"],
                    room=data.get("room"),
                    building=data.get("building"),
                    location_note=data.get("location_note", ""),
                    photo=data.get("photo") or None,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Thank you: the hazard is reported."))
                return redirect(hazard.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = self.get_context_data(form=form, object=form.instance)
        return TemplateResponse(self.request, self.template_name, context, status=status)


# The form of each declared step that carries data (POST, FILES, user); the others post nothing
# but the button.
HAZARD_STEP_FORMS = {
    "assign": lambda data, files, user: forms.HazardAssignForm(data, user=user),
    "handle": lambda data, files, user: forms.HazardHandleForm(data, files),
    "reject": lambda data, files, user: forms.HazardRejectForm(data),
    "open_repair": lambda data, files, user: forms.HazardRepairForm(data, user=user),
}


class HazardStepView(TransitionView, HazardDetailView):
    """POST one declared step (safety.workflow); a refusal shows the page with its sentence."""

    workflow = HAZARD_WORKFLOW

    def take(self, transition, obj):
        request = self.request
        data = {}
        make_form = HAZARD_STEP_FORMS.get(transition.name)
        if make_form is not None:
            form = make_form(request.POST, request.FILES, request.user)
            if not form.is_valid():
                return self.bad_input(obj, _flatten(form))
            data = form.cleaned_data
        try:
            hazard = services.STEP_SERVICES[transition.name](hazard=obj, actor=request.user, **data)
        except TransitionRefused:
            raise
        except ValidationError as exc:
            return self.bad_input(obj, exc.messages)
        if transition.name == "open_repair":
            assert hazard.repair_request is not None  # the step links the request it opens
            messages.success(
                request,
                _("Repair request %(number)s opened.") % {"number": hazard.repair_request.number},
            )
        else:
            messages.success(request, _("Saved."))
        return redirect(hazard.get_absolute_url())

    def bad_input(self, obj, errors):
        messages.error(self.request, " ".join(str(e) for e in errors))
        return self.render_refused(obj, status=400)


def hazard_urlpatterns() -> list:
    crud = Crud(
        model=Hazard,
        filterset=filters.HazardFilterSet,
        table=tables.HazardTable,
        form=forms.HazardEditForm,
        detail_fields=[],
    )
    return [
        path("hazards/", HazardListView.as_view(), name="hazard_list"),
        path("hazards/add/", HazardReportView.as_view(), name="hazard_add"),
        path("hazards/<int:pk>/", HazardDetailView.as_view(), name="hazard_detail"),
        path("hazards/<int:pk>/edit/", crud.edit.as_view(), name="hazard_edit"),
        path("hazards/<int:pk>/delete/", crud.delete.as_view(), name="hazard_delete"),
        path("hazards/<int:pk>/<slug:step>/", HazardStepView.as_view(), name="hazard_step"),
    ]
