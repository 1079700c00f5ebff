"""Safety screens: generic record views declared once, plus the inspector's and the workflow pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core import access
from core.forms import people_of_school, related
from core.models import Term
from core.resources import Resource
from core.views.generic import (
    Crud,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
)
from core.views.workflow import TransitionView, steps_for
from core.workflow import TransitionRefused
from safety import filters, forms, selectors, services, tables
from safety.api.views import EquipmentActions, TemplateActions, VisitorActions
from safety.choices import CheckResult
from safety.models import (
    Drill,
    DutyRoster,
    DutyShift,
    FireEquipment,
    Hazard,
    InspectionAnswer,
    InspectionTask,
    InspectionTemplate,
    TemplateItem,
    Visitor,
)
from safety.workflow import HAZARD_WORKFLOW


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# ---- plain records ---------------------------------------------------------------------------

template = Resource(
    model=InspectionTemplate,
    fields=[
        "name",
        "frequency",
        "weekday",
        "day_of_month",
        "term_points",
        "interval_hours",
        "in_use_from",
        "in_use_until",
        "runs_in_holidays",
        "applies_to",
        "room_types",
        "rooms",
        "buildings",
        "default_assignee",
    ],
    show=[
        "name",
        "frequency",
        "weekday",
        "day_of_month",
        "term_points",
        "interval_hours",
        "in_use_from",
        "in_use_until",
        "runs_in_holidays",
        "applies_to",
        "room_types",
        "default_assignee",
        "is_active",
        "generated_through",
    ],
    table=tables.InspectionTemplateTable,
    filterset=filters.InspectionTemplateFilterSet,
    form_base=forms.InspectionTemplateForm,
    # The places it applies to are listed as ids: two queries for a page, not two per row.
    queryset=InspectionTemplate.objects.prefetch_related("rooms", "buildings"),
    url_prefix="checklists",
    api_prefix="templates",
    api_read_only=["is_active", "generated_through"],  # set by activation and generation
    api_ordering=["name"],
    viewset_base=TemplateActions,
    related_template="safety/includes/template_items.html",
)
item = Resource(
    model=TemplateItem,
    fields=["template", "position", "text", "guidance", "photo_required_on_failure"],
    table=tables.TemplateItemTable,
    filterset=filters.TemplateItemFilterSet,
    queryset=TemplateItem.objects.select_related("template"),
    url_prefix="checklist-items",
    api_prefix="template-items",
    api_ordering=["position"],
)
equipment = Resource(
    model=FireEquipment,
    fields=[
        "kind",
        "code",
        "agent",
        "capacity",
        "room",
        "production_date",
        "next_service_date",
        "expiry_date",
    ],
    show=[
        "kind",
        "code",
        "agent",
        "capacity",
        "room",
        "production_date",
        "last_checked_on",
        "next_service_date",
        "expiry_date",
    ],
    table=tables.FireEquipmentTable,
    filterset=filters.FireEquipmentFilterSet,
    form_base=forms.FireEquipmentForm,
    queryset=FireEquipment.objects.select_related("room__building"),
    url_prefix="fire-equipment",
    api_prefix="fire-equipment",
    api_read_only=["last_checked_on"],  # set by the check step
    api_ordering=["next_service_date", "expiry_date", "code"],
    viewset_base=EquipmentActions,
    list_actions_template="safety/includes/equipment_list_actions.html",
    related_template="safety/includes/equipment_checks.html",
)
drill = Resource(
    model=Drill,
    fields=[
        "drill_type",
        "title",
        "date",
        "status",
        "building",
        "participants",
        "evacuation_seconds",
        "notes",
        "photo",
    ],
    show=[
        "drill_type",
        "title",
        "date",
        "status",
        "building",
        "participants",
        "evacuation_seconds",
        "notes",
    ],  # the photo is shown by the related panel
    table=tables.DrillTable,
    filterset=filters.DrillFilterSet,
    form_base=forms.DrillForm,
    queryset=Drill.objects.select_related("building"),
    url_prefix="drills",
    api_prefix="drills",
    api_ordering=["date"],
    list_actions_template="safety/includes/drill_list_actions.html",
    related_template="safety/includes/photo.html",
)
visitor = Resource(
    model=Visitor,
    fields=["name", "id_last4", "unit", "reason", "host", "time_in"],
    show=["name", "id_last4", "unit", "reason", "host", "time_in", "time_out"],
    table=tables.VisitorTable,
    filterset=filters.VisitorFilterSet,
    form_base=forms.VisitorForm,
    url_prefix="visitors",
    api_prefix="visitors",
    api_read_only=["time_out"],  # set by the check-out step
    api_ordering=["time_in"],
    viewset_base=VisitorActions,
    related_template="safety/includes/visitor_checkout.html",
)
roster = Resource(
    model=DutyRoster,
    fields=["name", "holiday", "start", "end", "leader_phone"],
    table=tables.DutyRosterTable,
    filterset=filters.DutyRosterFilterSet,
    form_base=forms.DutyRosterForm,
    queryset=DutyRoster.objects.select_related("holiday"),
    url_prefix="duty",
    api_prefix="duty-rosters",
    api_ordering=["start"],
    related_template="safety/includes/roster_shifts.html",
)
shift = Resource(
    model=DutyShift,
    fields=["roster", "date", "person", "is_leader", "note"],
    table=tables.DutyShiftTable,
    filterset=filters.DutyShiftFilterSet,
    form_base=forms.DutyShiftForm,
    queryset=DutyShift.objects.select_related("roster", "person"),
    url_prefix="duty-shifts",
    api_prefix="duty-shifts",
    api_ordering=["date"],
)


class ActivateTemplateView(ScopedViewMixin, View):
    model = InspectionTemplate
    action = "change"

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            if request.POST.get("active") == "0":
                services.template_deactivate(template=obj, actor=request.user)
                messages.success(request, _("Deactivated: no new rounds will be generated."))
            else:
                services.template_activate(template=obj, actor=request.user)
                messages.success(request, _("Activated: rounds are generated from today."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        return redirect(obj.get_absolute_url())


# ---- rounds ----------------------------------------------------------------------------------


class TaskListView(ObjectListView):
    model = InspectionTask
    queryset = InspectionTask.objects.select_related("template")
    filterset_class = filters.InspectionTaskFilterSet
    table_class = tables.InspectionTaskTable

    def permitted(self, action: str) -> bool:
        return action != "add" and super().permitted(action)  # rounds are generated, never typed


class AnswerListView(ObjectListView):
    """The inspection records (one row per answered item): what auditors ask for in Excel."""

    model = InspectionAnswer
    filterset_class = filters.InspectionAnswerFilterSet
    table_class = tables.InspectionAnswerTable


class AnswerDetailView(ObjectDetailView):
    model = InspectionAnswer
    queryset = InspectionAnswer.objects.select_related("task", "item", "answered_by")
    detail_fields = ["task", "item", "result", "note", "answered_by"]
    related_template = "safety/includes/photo.html"


class TaskAssignView(ObjectEditView):
    model = InspectionTask

    class form_class(forms.ScopedModelForm):
        class Meta:
            model = InspectionTask
            fields = ["assignee"]

        def __init__(self, *args, user, **kwargs):
            super().__init__(*args, user=user, **kwargs)
            related(self, "assignee").queryset = people_of_school(user)


class MyTasksView(ScopedViewMixin, TemplateView):
    """The inspector's list: today's and overdue rounds, biggest first on a phone."""

    model = InspectionTask
    template_name = "safety/my_tasks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        tasks = list(selectors.my_open_tasks(user)[:200])
        context["tasks"] = tasks
        context["groups"] = _grouped_by_checklist(tasks)
        context["today"] = timezone.localdate()
        context["unassigned"] = (
            list(selectors.unassigned_open_tasks(user)[:50]) if self.permitted("change") else []
        )
        return context


def _grouped_by_checklist(tasks: list[InspectionTask]) -> list[dict]:
    """Tasks (most urgent first) grouped by checklist, groups in order of their first task."""
    groups: dict[int, dict] = {}
    for task in tasks:
        group = groups.setdefault(
            task.template_id, {"template": task.template, "tasks": [], "overdue": 0}
        )
        group["tasks"].append(task)
        group["overdue"] += task.is_overdue
    return list(groups.values())


class InspectView(ScopedViewMixin, TemplateView):
    """A round, item by item: pass / fail / not applicable, note, photo."""

    model = InspectionTask
    template_name = "safety/inspect.html"
    queryset = InspectionTask.objects.select_related(
        "template", "room__building", "building", "assignee"
    )

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, form=None, failed_item=None, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.get_object()
        answers = {
            a.item_id: a
            for a in task.answers.select_related("answered_by", "hazard").order_by("pk")
        }
        rows = []
        for entry in task.template.items.all():
            bound = (
                form if failed_item == entry.pk else forms.AnswerForm(initial={"item": entry.pk})
            )
            rows.append((entry, answers.get(entry.pk), bound))
        context.update(
            object=task,
            rows=rows,
            answered=len(answers),
            can_inspect=services.can_inspect(access.signed_in(self.request.user), task),
            can_assign=self.permitted("change"),
        )
        return context

    def post(self, request, pk):
        task = self.get_object()
        form = forms.AnswerForm(request.POST, request.FILES)
        if form.is_valid():
            entry = get_object_or_404(task.template.items.all(), pk=form.cleaned_data["item"])
            try:
                services.inspection_answer(
                    task=task,
                    item=entry,
                    result=form.cleaned_data["result"],
                    note=form.cleaned_data["note"],
                    photo=form.cleaned_data.get("photo"),
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved: %(item)s") % {"item": entry.text})
                return HttpResponseRedirect(f"{task.get_absolute_url()}#item-{entry.pk}")
        # The item the errors belong to, when it was a number at all (`item=abc` shows no form).
        context = self.get_context_data(form=form, failed_item=form.cleaned_data.get("item"))
        return self.render_to_response(context, status=400)


# ---- hazards ---------------------------------------------------------------------------------


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


def _flatten(form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]


# ---- fire equipment, drills, visitors --------------------------------------------------------


class FireCheckView(ScopedViewMixin, View):
    model = FireEquipment
    action = "change"

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        form = forms.FireCheckForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(_flatten(form)))
            return redirect(obj.get_absolute_url())
        before = services.open_equipment_hazard(obj)
        try:
            services.fire_equipment_check(equipment=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            return redirect(obj.get_absolute_url())
        messages.success(request, _("Check recorded."))
        hazard = services.open_equipment_hazard(obj)
        if hazard is not None and form.cleaned_data["result"] == CheckResult.DEFECTIVE:
            told = (
                _("A hazard was opened: {link}")
                if before is None
                else _("The defect was added to the hazard already open: {link}")
            )
            link = format_html('<a href="{}">{}</a>', hazard.get_absolute_url(), hazard)
            messages.warning(request, format_html(told, link=link))
        return redirect(obj.get_absolute_url())


class DrillTermView(ScopedViewMixin, TemplateView):
    """A term at a glance: months (quarters) without a drill, evacuations slower than 2 minutes."""

    model = Drill
    template_name = "safety/drill_term.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = access.signed_in(self.request.user)
        terms = access.scope(user, Term).filter(school_id=user.school_id).order_by("-start")
        chosen = self.request.GET.get("term")
        term = (
            terms.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
        ) or selectors.current_term(user)
        context.update(
            terms=list(terms),
            report=selectors.drill_term_report(user, term) if term else None,
        )
        return context


class VisitorCheckOutView(ScopedViewMixin, View):
    model = Visitor
    action = "change"

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            services.visitor_check_out(visitor=obj, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Time out recorded."))
        return redirect(request.POST.get("next") or obj.get_absolute_url())


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
