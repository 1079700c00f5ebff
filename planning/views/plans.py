"""Plans part: the plans list, a new plan, the plan page (areas → goals → KPIs with sparklines and
progress bars, milestones) with its edits, steps, values and milestones done, the Excel export
and the progress PDF. Every write calls planning.services.plans; every row comes through
access.scope."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core import access, pdf
from core.views.generic import ObjectDetailView, ObjectListView, ScopedViewMixin
from core.views.workflow import TransitionView, steps_for
from core.workflow import TransitionRefused
from planning import exports_plans, forms_plans, selectors_plans
from planning.choices_plans import PlanStatus
from planning.filters_plans import MilestoneFilterSet, PlanFilterSet
from planning.models import Goal, Kpi, KpiValue, Milestone, Plan, PlanArea, PlanRevision
from planning.services import plans as services
from planning.tables_plans import MilestoneTable, PlanTable
from planning.workflow import PLAN_WORKFLOW

PLANS_CSS = "css/planning-plans.css"
PART_MODELS = {"area": PlanArea, "goal": Goal, "kpi": Kpi, "milestone": Milestone}


class PlanListView(ObjectListView):
    model = Plan
    filterset_class = PlanFilterSet
    table_class = PlanTable


class MilestoneListView(ObjectListView):
    """Milestones of the plans the user reads (?overdue_at=<day>: the overdue metric's rows);
    each is added and done on its plan's page."""

    model = Milestone
    filterset_class = MilestoneFilterSet
    table_class = MilestoneTable

    def permitted(self, action: str) -> bool:
        return False if action == "add" else super().permitted(action)


class MilestoneDetailView(ScopedViewMixin, View):
    """A milestone is shown on its plan's page."""

    model = Milestone

    def get(self, request, pk):
        return redirect(get_object_or_404(self.get_queryset(), pk=pk).get_absolute_url())


class PlanCreateView(ScopedViewMixin, View):
    """A new draft plan: its title, first school year and summary."""

    model = Plan
    action = "add"
    template_name = "core/object_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.school_id is None:
            raise PermissionDenied(_("Only members of a school can add its records."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        today = timezone.localdate()
        first = today.year if today.month >= 9 else today.year - 1
        return self.render(forms_plans.PlanForm(initial={"first_year": first}))

    def post(self, request):
        form = forms_plans.PlanForm(request.POST)
        if form.is_valid():
            try:
                plan = services.plan_create(
                    school=request.user.school, actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Plan created: add its areas, goals and KPIs."))
                return redirect(plan.get_absolute_url())
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = self.get_context_data(form=form, object=None)
        return TemplateResponse(self.request, self.template_name, context, status=status)


def _form_errors(form, exc: ValidationError) -> None:
    """A service's refusal on the form: field errors on their fields, the rest on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class PlanDetailView(ObjectDetailView):
    """The plan page: its outline with live values beside the last snapshots, its steps, and the
    forms its writers use while it is a draft (or, approved, for a revision)."""

    model = Plan
    queryset = Plan.objects.select_related("school", "submitted_by", "approved_by")
    template_name = "planning/plans_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan, user = context["object"], access.signed_in(self.request.user)
        outline = selectors_plans.plan_outline(plan)
        writer = access.scope(user, Plan, "change").filter(pk=plan.pk).exists()
        editable = writer and plan.status != PlanStatus.SUBMITTED
        forms = kwargs.get("forms") or {}
        context.update(
            css=PLANS_CSS,
            outline=outline,
            counts=selectors_plans.state_counts(outline),
            years=plan.years,
            year_index=plan.year_index(timezone.localdate()),
            writer=writer,
            editable=editable,
            progress_open=writer and plan.status == PlanStatus.APPROVED,
            part_forms={
                name: forms.get(name) or form_class(plan=plan, user=user, prefix=name)
                for name, form_class in forms_plans.PART_FORMS.items()
            }
            if editable
            else {},
            value_form=kwargs.get("value_form") or forms_plans.KpiValueForm(),
            done_form=forms_plans.MilestoneDoneForm(),
            return_form=kwargs.get("return_form") or forms_plans.ReturnForm(),
            steps=steps_for(PLAN_WORKFLOW, user, plan),
            revisions=list(PlanRevision.objects.filter(plan=plan).select_related("actor")),
            today=timezone.localdate(),
        )
        return context


class PlanStepView(TransitionView, PlanDetailView):
    """POST one declared step (planning.workflow): submit, approve, return to draft."""

    workflow = PLAN_WORKFLOW

    def take(self, transition, obj):
        data = {}
        if transition.name == "return_to_draft":
            form = forms_plans.ReturnForm(self.request.POST)
            if not form.is_valid():
                messages.error(self.request, " ".join(str(e) for e in form.errors["comment"]))
                self.kwargs["pk"] = obj.pk
                context = self.get_context_data(return_form=form)
                return TemplateResponse(self.request, self.template_name, context, status=400)
            data = form.cleaned_data
        try:
            services.STEP_SERVICES[transition.name](plan=obj, actor=self.request.user, **data)
        except TransitionRefused:
            raise
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return self.render_refused(obj, status=400)
        messages.success(self.request, str(transition.event_label or transition.label))
        return redirect(obj.get_absolute_url())


class _PlanWriteView(PlanDetailView):
    """A POST that changes the plan: the plan must be one the user may change (else 404/403);
    a refusal shows the plan page again with the form and its sentence."""

    http_method_names = ["post"]

    def writable_plan(self) -> Plan:
        user = self.request.user
        plan = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        if not access.scope(user, Plan, "change").filter(pk=plan.pk).exists():
            raise PermissionDenied(_("Your role does not allow this."))
        return plan

    def again(self, plan: Plan, status: int, **forms):
        self.kwargs["pk"] = plan.pk
        context = self.get_context_data(**forms)
        return TemplateResponse(self.request, self.template_name, context, status=status)


class PlanPartAddView(_PlanWriteView):
    """POST an area, a goal, a KPI or a milestone onto the plan (a revision once approved)."""

    def post(self, request, *args, **kwargs):
        plan = self.writable_plan()
        part = kwargs["part"]
        if part not in forms_plans.PART_FORMS:
            raise Http404
        form = forms_plans.PART_FORMS[part](request.POST, plan=plan, user=request.user, prefix=part)
        if form.is_valid():
            try:
                self.add(part, plan, form)
            except TransitionRefused as exc:
                messages.error(request, exc.messages[0])
                return self.again(plan, exc.status_code, forms={part: form})
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Added to the plan."))
                return redirect(plan.get_absolute_url() + f"#add-{part}")
        messages.error(request, _("Please correct the errors below."))
        return self.again(plan, 400, forms={part: form})

    def add(self, part: str, plan: Plan, form) -> None:
        reason = form.cleaned_data.get("reason") or ""
        data = form.service_fields()
        actor = access.signed_in(self.request.user)
        if part == "area":
            services.area_add(plan=plan, name=data["name"], actor=actor, reason=reason)
        elif part == "goal":
            services.goal_add(plan=plan, actor=actor, reason=reason, **data)
        elif part == "kpi":
            services.kpi_add(plan=plan, actor=actor, reason=reason, **data)
        else:
            services.milestone_add(plan=plan, actor=actor, reason=reason, **data)


class PlanPartEditView(ScopedViewMixin, View):
    """Edit a goal, a KPI or a milestone (an approved plan's: with the revision's reason)."""

    action = "change"
    template_name = "planning/plans_part_form.html"
    fields = {
        "goal": [f for f in services.GOAL_FIELDS if f != "position"],
        "kpi": [f for f in services.KPI_FIELDS if f != "position"],
        "milestone": list(services.MILESTONE_FIELDS),
    }

    def dispatch(self, request, *args, **kwargs):
        if kwargs["part"] not in self.fields:
            raise Http404
        self.model = PART_MODELS[kwargs["part"]]
        return super().dispatch(request, *args, **kwargs)

    def url_name(self, suffix: str) -> str:
        return "planning:plan_list" if suffix == "list" else super().url_name(suffix)

    def row(self):
        return get_object_or_404(self.get_queryset().select_related("plan"), pk=self.kwargs["pk"])

    def form(self, row, data=None):
        part = self.kwargs["part"]
        initial = {name: getattr(row, name) for name in self.fields[part]}
        form = forms_plans.PART_FORMS[part](
            data, plan=row.plan, user=self.request.user, initial=initial
        )
        form.fields.pop("area" if part == "goal" else "goal", None)  # it stays where it is
        return form

    def get(self, request, part, pk):
        row = self.row()
        return self.render(row, self.form(row))

    def post(self, request, part, pk):
        row = self.row()
        form = self.form(row, request.POST)
        if form.is_valid():
            reason = form.cleaned_data.get("reason") or ""
            updates: dict[str, Callable[..., object]] = {
                "goal": services.goal_update,
                "kpi": services.kpi_update,
                "milestone": services.milestone_update,
            }
            update = updates[part]
            try:
                update(**{part: row}, actor=request.user, reason=reason, **form.service_fields())
            except TransitionRefused as exc:
                messages.error(request, exc.messages[0])
                return self.render(row, form, status=exc.status_code)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(row.get_absolute_url())
        return self.render(row, form, status=400)

    def render(self, row, form, status=200):
        context = self.get_context_data(form=form, object=row, plan=row.plan)
        return TemplateResponse(self.request, self.template_name, context, status=status)


class PlanPartRemoveView(PlanPartEditView):
    """POST: remove a part of a draft plan."""

    action = "delete"
    http_method_names = ["post"]
    fields = {**PlanPartEditView.fields, "area": ["name"]}

    def post(self, request, part, pk):
        row = self.row()
        try:
            services.part_remove(row=row, actor=request.user)
        except TransitionRefused as exc:
            messages.error(request, exc.messages[0])
            return redirect(row.plan.get_absolute_url())
        messages.success(request, _("Removed from the plan."))
        return redirect(row.plan.get_absolute_url())


class KpiValueAddView(ScopedViewMixin, View):
    """POST a manual KPI's value with its evidence file or link."""

    model = KpiValue
    action = "add"
    http_method_names = ["post"]

    def post(self, request, pk):
        kpi = get_object_or_404(access.scope(request.user, Kpi, "change"), pk=pk)
        form = forms_plans.KpiValueForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.kpi_value_enter(kpi=kpi, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Value recorded."))
                return redirect(kpi.get_absolute_url())
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        view = PlanDetailView()
        view.setup(request, pk=kpi.plan_id)
        context = view.get_context_data(value_form=form)
        return TemplateResponse(request, view.template_name, context, status=400)


class MilestoneDoneView(ScopedViewMixin, View):
    """POST: the milestone is done, with its evidence."""

    model = Milestone
    action = "change"
    http_method_names = ["post"]

    def post(self, request, pk):
        milestone = get_object_or_404(self.get_queryset(), pk=pk)
        form = forms_plans.MilestoneDoneForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Say what shows the milestone is done."))
            services.milestone_complete(
                milestone=milestone, actor=request.user, evidence=form.cleaned_data["evidence"]
            )
        except TransitionRefused as exc:
            messages.error(request, exc.messages[0])
            return redirect(milestone.get_absolute_url())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(milestone.get_absolute_url())
        messages.success(request, _("Milestone done."))
        return redirect(milestone.get_absolute_url())


class EvidenceView(ScopedViewMixin, View):
    """A manual value's evidence file, for those who read the value."""

    model = KpiValue

    def get(self, request, pk):
        row = get_object_or_404(self.get_queryset(), pk=pk)
        if not row.evidence_file:
            raise Http404
        return FileResponse(row.evidence_file.open("rb"), as_attachment=True)


class PlanExportView(ScopedViewMixin, View):
    """The plan with its KPI values as an Excel workbook (core.exports: formula-safe)."""

    model = Plan

    def get(self, request, pk):
        plan = get_object_or_404(self.get_queryset().select_related("school"), pk=pk)
        handle = exports_plans.plan_workbook(plan)
        filename = f"{plan.school.code}-plan-{plan.first_year}.xlsx"
        return FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type=exports_plans.XLSX_CONTENT_TYPE,
        )


class PlanPdfView(ScopedViewMixin, View):
    """The plan's progress for the staff meeting and the district (WeasyPrint, charts)."""

    model = Plan

    def get(self, request, pk):
        plan = get_object_or_404(self.get_queryset().select_related("school"), pk=pk)
        data = pdf.render_pdf("planning/pdf/plan_progress.html", exports_plans.pdf_context(plan))
        return pdf.pdf_response(data, f"{plan.school.code}-plan-{plan.first_year}.pdf")


def plans_urlpatterns() -> list:
    return [
        path("plans/", PlanListView.as_view(), name="plan_list"),
        path("plans/add/", PlanCreateView.as_view(), name="plan_add"),
        path("plans/milestones/", MilestoneListView.as_view(), name="milestone_list"),
        path("plans/milestones/<int:pk>/", MilestoneDetailView.as_view(), name="milestone_detail"),
        path("plans/<int:pk>/", PlanDetailView.as_view(), name="plan_detail"),
        path("plans/<int:pk>/export/", PlanExportView.as_view(), name="plan_export"),
        path("plans/<int:pk>/pdf/", PlanPdfView.as_view(), name="plan_pdf"),
        path("plans/<int:pk>/add/<slug:part>/", PlanPartAddView.as_view(), name="plan_part_add"),
        path("plans/<slug:part>/<int:pk>/edit/", PlanPartEditView.as_view(), name="plan_part_edit"),
        path(
            "plans/<slug:part>/<int:pk>/remove/",
            PlanPartRemoveView.as_view(),
            name="plan_part_remove",
        ),
        path("plans/kpis/<int:pk>/values/", KpiValueAddView.as_view(), name="kpivalue_add"),
        path("plans/values/<int:pk>/evidence/", EvidenceView.as_view(), name="kpivalue_evidence"),
        path("plans/milestones/<int:pk>/done/", MilestoneDoneView.as_view(), name="milestone_done"),
        path("plans/<int:pk>/<slug:step>/", PlanStepView.as_view(), name="plan_step"),
    ]
