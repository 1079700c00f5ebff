"""Pages of the work calendar (issue 13 point 6): the items and tasks as Resources (list, Excel
export, form, API), the calendar page (this month, next month, overdue, the month's done rate),
the phone page "my tasks this month", the "done" step with a note or evidence, and the evidence
download (read through the task's access rule)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View

from core import access
from core.choices import Role
from core.metrics import rate
from core.resources import Resource
from core.views.generic import ObjectDetailView, ScopedViewMixin
from core.views.workflow import TransitionView, steps_for
from planning import services_calendar as services
from planning import tables_calendar as tables
from planning.api import calendar as api
from planning.models.calendar import TaskStatus, WorkItem, WorkTask
from planning.navigation import CALENDAR_GROUP
from planning.workflow_calendar import TASK_WORKFLOW

DAILY_OWNERS = frozenset({Role.LOGISTICS, Role.WORKER})


def _named(prefix: str) -> Concat:
    return Concat(f"{prefix}__last_name", f"{prefix}__first_name", Value(""))


TASKS = WorkTask.objects.select_related("item", "owner", "done_by").annotate(
    owner_name=_named("owner"), done_by_name=_named("done_by")
)


class DoneForm(forms.Form):
    note = forms.CharField(
        label=_lazy("What was done"),
        required=False,
        max_length=services.NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.FileField(label=_lazy("Evidence (photo, PDF, Word or Excel)"), required=False)


class TaskDetailView(ObjectDetailView):
    """The task with its "done" form for whoever may take the step."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["steps"] = steps_for(TASK_WORKFLOW, self.request.user, context["object"])
        context["done_form"] = kwargs.get("done_form") or DoneForm()
        return context


item = Resource(
    model=WorkItem,
    fields=[
        "title",
        "description",
        "months",
        "owner_role",
        "owner",
        "due_day",
        "record_kind",
        "is_active",
    ],
    table=tables.WorkItemTable,
    filterset=tables.WorkItemFilterSet,
    queryset=WorkItem.objects.select_related("owner").annotate(owner_name=_named("owner")),
    serializer_base=api.WorkItemSerializer,
    url_prefix="calendar/items",
    api_prefix="work-items",
    api_ordering=["title", "due_day"],
    menu=(CALENDAR_GROUP, _lazy("Work calendar items")),
)
task = Resource(
    model=WorkTask,
    fields=["item", "month", "due_on", "owner_role", "owner", "stocktake", "drill"],
    show=[
        "item",
        "month",
        "due_on",
        "owner_role",
        "owner",
        "status",
        "note",
        "done_at",
        "done_by",
        "stocktake",
        "drill",
    ],
    table=tables.WorkTaskTable,
    filterset=tables.WorkTaskFilterSet,
    queryset=TASKS,
    serializer_base=api.WorkTaskSerializer,
    viewset_base=api.WorkTaskActions,
    url_prefix="calendar/tasks",
    api_prefix="work-tasks",
    api_read_only=["status", "note", "done_at", "done_by"],
    api_ordering=["month", "due_on"],
    locked=["item", "month"],
    menu=(CALENDAR_GROUP, _lazy("Work tasks")),
    views={"detail": TaskDetailView},
    related_template="planning/calendar_task_related.html",
)


class TaskDoneView(TransitionView, task.detail):  # type: ignore[name-defined]
    """POST the "done" step with a note and/or evidence; refusals re-render the task's page."""

    workflow = TASK_WORKFLOW

    def take(self, transition, obj):
        form = DoneForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            messages.error(self.request, " ".join(str(m) for e in form.errors.values() for m in e))
            return self.render_refused(obj, status=400)
        try:
            services.work_task_done(
                task=obj,
                actor=access.signed_in(self.request.user),
                note=form.cleaned_data["note"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            if getattr(exc, "status_code", 400) != 400:
                raise
            messages.error(self.request, " ".join(exc.messages))
            return self.render_refused(obj, status=400)
        messages.success(self.request, _("Marked done: %(task)s") % {"task": obj.item.title})
        back = self.request.POST.get("next", "")
        pages = {reverse("planning:calendar"), reverse("planning:calendar_mine")}
        return redirect(back if back in pages else obj.get_absolute_url())


class EvidenceView(ScopedViewMixin, View):
    """The task's evidence file, served only when the user reads the task."""

    model = WorkTask

    def get(self, request, pk: int):
        row = get_object_or_404(self.get_queryset(), pk=pk)
        if not row.evidence:
            raise Http404
        return FileResponse(row.evidence.open("rb"), as_attachment=True)


def month_rate(tasks: QuerySet) -> tuple[int, int, object]:
    """(done, total, done %) of the tasks, in one query; the rate is None without tasks."""
    counts = tasks.aggregate(total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE)))
    return counts["done"], counts["total"], rate(counts["done"], counts["total"])


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


class CalendarView(ScopedViewMixin, View):
    """This month, next month and overdue, with the month's done rate."""

    model = WorkTask
    template_name = "planning/calendar_page.html"

    def get(self, request):
        user = access.signed_in(request.user)
        today = timezone.localdate()
        this, following = today.replace(day=1), _next_month(today.replace(day=1))
        rows = access.scope(user, TASKS)
        done, total, percent = month_rate(rows.filter(month=this))
        this_tasks = list(rows.filter(month=this).order_by("due_on", "pk"))
        context = self.get_context_data(
            today=today,
            this_month=this,
            next_month=following,
            this_tasks=[(t, self.may_mark_done(user, t)) for t in this_tasks],
            done_form=DoneForm(),
            next_items=self.next_items(user, following),
            overdue=list(rows.filter(status=TaskStatus.OPEN, due_on__lt=today, month__lt=this)),
            done=done,
            total=total,
            percent=percent,
            list_link=reverse("planning:worktask_list") + f"?period={this:%Y-%m}",
            can_manage=access.can(user, WorkItem, "change"),
        )
        return TemplateResponse(request, self.template_name, context)

    @staticmethod
    def may_mark_done(user, row: WorkTask) -> bool:
        """The "done" step's own rule (role and guard of TASK_WORKFLOW) without a query per row:
        the rows come through access.scope already, so only the role and the guard are left."""
        if row.status != TaskStatus.OPEN or not access.can(user, WorkTask, "done"):
            return False
        return all(guard.test(user, row) for guard in TASK_WORKFLOW["done"].guards)

    def next_items(self, user, following: dt.date) -> list:
        """Next month's tasks if generated already, else the items that will recur then."""
        made = list(access.scope(user, TASKS).filter(month=following).order_by("due_on", "pk"))
        if made:
            return made
        bit = 1 << (following.month - 1)
        items = access.scope(user, WorkItem).filter(is_active=True)
        return list(items.annotate(bit=F("months").bitand(bit)).filter(bit__gt=0))


class MyTasksView(ScopedViewMixin, View):
    """The phone page: my open tasks of this month (and overdue), one "done" form each."""

    model = WorkTask
    template_name = "planning/calendar_mine.html"

    def get(self, request):
        user = access.signed_in(request.user)
        today = timezone.localdate()
        this = today.replace(day=1)
        own = Q(owner=user) | Q(owner__isnull=True, owner_role__in=sorted(user.role_codes))
        rows = access.scope(user, TASKS).filter(own)
        current = rows.filter(Q(month=this) | Q(status=TaskStatus.OPEN, month__lt=this))
        context = self.get_context_data(
            today=today,
            this_month=this,
            tasks=list(current.order_by("status", "due_on", "pk")),
            done_form=DoneForm(),
        )
        return TemplateResponse(request, self.template_name, context)


def urlpatterns() -> list:
    return [
        path("calendar/", CalendarView.as_view(), name="calendar"),
        path("calendar/mine/", MyTasksView.as_view(), name="calendar_mine"),
        *item.urlpatterns(),
        *task.urlpatterns(),  # before the step's pattern: <pk>/edit/ is not a step
        path("calendar/tasks/<int:pk>/evidence/", EvidenceView.as_view(), name="worktask_evidence"),
        path("calendar/tasks/<int:pk>/<slug:step>/", TaskDoneView.as_view(), name="worktask_step"),
    ]


ALL = [item, task]
