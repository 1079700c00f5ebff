"""Checklists and inspection rounds (巡查): templates, tasks, answers, the inspector's pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core import access
from core.forms import people_of_school, related
from core.resources import Resource
from core.views.generic import (
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
)
from safety import filters, forms, selectors, services, tables
from safety.api.views import TemplateActions
from safety.models import (
    InspectionAnswer,
    InspectionTask,
    InspectionTemplate,
    TemplateItem,
)
from safety.views.common import _errors

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
