"""Repair screens: filing (mobile-first), my requests, my jobs, the dispatcher's board, the detail
page with its timeline and workflow buttons, the room's public status and the statistics.

Views parse the request, call `repairs.services` and render; rows come from `access.scope`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from assets.models import StockSlipLine
from core import access
from core.forms import related_choices
from core.models import Room
from core.views.generic import ObjectDetailView, ObjectListView, ScopedViewMixin
from core.views.workflow import TransitionView
from core.workflow import Transition, TransitionRefused
from repairs import forms, selectors, services
from repairs.choices import CLOSED, Category, Source, Status
from repairs.filters import RepairRequestFilterSet
from repairs.models import (
    DISPATCHERS,
    PublicRepairRequest,
    RepairJob,
    RepairRequest,
    RepairSettings,
)
from repairs.tables import RepairRequestTable
from repairs.workflow import REPAIR_WORKFLOW


class RequestAddView(ScopedViewMixin, TemplateView):
    """报修: the filing form, pre-filled from a QR scan (?room=<pk> or ?asset=<pk>)."""

    model = RepairRequest
    action = "add"
    template_name = "repairs/request_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.school_id is None:
            raise PermissionDenied(_("Only members of a school can file repair requests."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        form = forms.RequestForm(user=request.user)
        asset_id, room_id = request.GET.get("asset", ""), request.GET.get("room", "")
        if asset_id.isdigit():
            asset = related_choices(form, "asset").filter(pk=asset_id).first()
            if asset is not None:
                self.asset = asset
                form.initial["asset"] = asset.pk
                room_id = str(asset.room_id or "")
        if room_id.isdigit() and form.fix_room(int(room_id)) is not None:
            form.initial["room"] = int(room_id)
        return self.render(form)

    def post(self, request, *args, **kwargs):
        form = forms.RequestForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render(form, status=400)
        data = form.cleaned_data
        try:
            filed = services.repair_request_create(
                school=request.user.school,
                reporter=request.user,
                category=data["category"],
                description=data["description"],
                urgency=data["urgency"],
                room=data.get("room"),
                asset=data.get("asset"),
                photos=data["photos"],
                on_behalf_of=data.get("on_behalf_of"),
                client_token=data["client_token"],
                source=Source.QR if request.GET.get("via") == "qr" else Source.WEB,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render(form, status=400)
        messages.success(
            request,
            _("Request %(number)s filed. The office has been told.") % {"number": filed.number},
        )
        return redirect(filed.get_absolute_url())

    def render(self, form, status=200):
        photos_lost = False
        if form.is_bound:
            # A form shown again after an error keeps what the QR scan chose, and says that the
            # browser dropped the chosen photos (a file input cannot be filled from the server).
            room_id = self.request.POST.get("room", "")
            if self.request.POST.get("room_fixed") and room_id.isdigit():
                form.fix_room(int(room_id))
            photos_lost = bool(self.request.FILES.getlist("photos"))
        context = self.get_context_data(
            form=form, asset=getattr(self, "asset", None), photos_lost=photos_lost
        )
        return TemplateResponse(self.request, self.template_name, context, status=status)


# ---- the detail page and its workflow steps ----
# The form of each declared step (repairs.workflow); who may take it and when is the declaration's.
STEP_FORMS: dict[str, type[forms.StepForm]] = {
    "accept": forms.AcceptForm,
    "assign": forms.AssignForm,
    "hand_over": forms.HandOverForm,
    "reject": forms.RejectForm,
    "duplicate": forms.DuplicateForm,
    "start": forms.NoteForm,
    "work": forms.WorkForm,
    "finish": forms.NoteForm,
    "confirm": forms.ConfirmForm,
    "reopen": forms.ReopenForm,
}


def step_form(step: Transition, user, data=None, files=None) -> forms.StepForm:
    return STEP_FORMS[step.name](data, files, prefix=step.name, user=user)


class RepairRequestDetailView(ObjectDetailView):
    """One request: where, what, who owns it, the SLA, photos, work, the timeline, the buttons."""

    model = RepairRequest
    template_name = "repairs/request_detail.html"

    def base_queryset(self):
        return selectors.request_detail(RepairRequest.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = context["object"]
        user = access.signed_in(self.request.user)
        bound = kwargs.get("bound_form")
        steps = [
            (
                step,
                bound
                if bound is not None and bound.prefix == step.name
                else step_form(step, self.request.user),
            )
            for step in REPAIR_WORKFLOW.available(user, obj)
        ]
        staff = bool(user.role_codes & (DISPATCHERS | {"worker", "director"}))
        context.update(
            steps=steps,
            events=obj.events.select_related("actor"),
            photos=obj.photos.all(),
            work=obj.work.select_related("worker", "stock_slip").prefetch_related(
                Prefetch(
                    "stock_slip__lines",
                    queryset=StockSlipLine.objects.select_related("consumable"),
                )
            ),
            staff_view=staff,
            now=timezone.now(),
            closed=obj.status in CLOSED,
        )
        return context


class RequestStepView(TransitionView, RepairRequestDetailView):
    """POST /repairs/<pk>/<step>/: one declared step through its service; a refused step shows
    the page with its sentence (403/409), invalid data the page with the form's errors (400)."""

    workflow = REPAIR_WORKFLOW

    def take(self, transition, obj):
        form = step_form(transition, self.request.user, self.request.POST, self.request.FILES)
        if form.is_valid():
            try:
                services.STEP_SERVICES[transition.name](
                    request=obj, actor=self.request.user, **form.step_data()
                )
            except TransitionRefused:
                raise
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(self.request, _("Done: %(step)s.") % {"step": transition.label})
                return HttpResponseRedirect(self._next(obj))
        context = self.get_context_data(bound_form=form, step_error=form.errors)
        return TemplateResponse(self.request, self.template_name, context, status=400)

    def _next(self, obj) -> str:
        target = self.request.POST.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, {self.request.get_host()}):
            return target
        return obj.get_absolute_url()


# ---- queues ----
class RepairBoardView(ObjectListView):
    """The dispatcher's board and the repair log (?export=xlsx): teachers see only their rows."""

    model = RepairRequest
    filterset_class = RepairRequestFilterSet
    table_class = RepairRequestTable
    template_name = "repairs/board.html"
    paginate_by = 30

    def url_name(self, suffix: str) -> str:
        return "repairs:request_add" if suffix == "add" else super().url_name(suffix)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        dispatcher = access.can(user, RepairRequest, "dispatch")
        context.update(
            add_url=reverse("repairs:request_add"),
            dispatcher=dispatcher,
            can_stats=access.can(user, RepairSettings, "view"),
            workers=list(forms.school_staff(user, ["worker", "logistics"])) if dispatcher else [],
            assignable_labels={
                str(label)
                for value, label in Status.choices
                if value in (Status.SUBMITTED, Status.ACCEPTED, Status.REOPENED)
            },
        )
        return context


class MyRequestsView(ScopedViewMixin, TemplateView):
    """The reporter's own requests, newest first: follow them, confirm and rate, reopen."""

    model = RepairRequest
    template_name = "repairs/my_requests.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.my_requests(self.request.user), 20).get_page(
            self.request.GET.get("page")
        )
        context.update(page=page, requests=page.object_list, now=timezone.now())
        return context


class MyJobsView(ScopedViewMixin, TemplateView):
    """The worker's phone queue: open jobs assigned to them, most urgent due time first."""

    model = RepairJob
    template_name = "repairs/my_jobs.html"

    def url_name(self, suffix: str) -> str:
        return f"repairs:repairrequest_{suffix}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = list(selectors.my_jobs(self.request.user)[:100])
        context.update(jobs=jobs, now=timezone.now())
        return context


class RoomStatusView(ScopedViewMixin, TemplateView):
    """Public status of a room's requests (no names, no notes): everyone who uses the room."""

    model = PublicRepairRequest
    template_name = "repairs/room_status.html"

    def url_name(self, suffix: str) -> str:
        return f"repairs:repairrequest_{suffix}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        room = get_object_or_404(
            access.scope(self.request.user, Room).select_related("building"), pk=self.kwargs["pk"]
        )
        since = timezone.now() - dt.timedelta(days=60)
        rows = (
            self.get_queryset()
            .filter(room=room)
            .exclude(status__in=[Status.DUPLICATE, Status.REJECTED], created_at__lt=since)
            .filter(created_at__gte=since)
            .order_by("-created_at")
            .values("number", "category", "status", "created_at", "finished_at")[:50]
        )
        labels, categories = dict(Status.choices), dict(Category.choices)
        context.update(
            room=room,
            rows=[
                {
                    **row,
                    "status_label": labels[row["status"]],
                    "category_label": categories[row["category"]],
                }
                for row in rows
            ],
        )
        return context


class RepairStatsView(ScopedViewMixin, TemplateView):
    """Counts, median times, SLA compliance, satisfaction and repeat faults for a year or month."""

    # Readers of the repair settings are the statistics' readers (district viewers included:
    # core refuses them every action but "view").
    model = RepairSettings
    template_name = "repairs/stats.html"

    def url_name(self, suffix: str) -> str:
        return f"repairs:repairrequest_{suffix}"

    def get_context_data(self, **kwargs):
        from repairs import stats

        context = super().get_context_data(**kwargs)
        params = self.request.GET
        today = timezone.localdate()
        period = forms.StatsPeriodForm(params)
        year = (period.is_valid() and period.cleaned_data["year"]) or today.year
        if period.errors:  # e.g. year=999999999: say so, show this year
            messages.error(self.request, " ".join(str(e) for e in period.errors["year"]))
        by = params.get("by", "")
        dimension = by if by in stats.DIMENSIONS else "month"
        queryset = access.scope(self.request.user, RepairRequest).filter(created_at__year=year)
        month = params.get("month", "")
        log_query = f"year={year}"
        if month.isdigit() and 1 <= int(month) <= 12:
            queryset = queryset.filter(created_at__month=int(month))
            log_query = f"month={year}-{int(month):02d}"
        else:
            month = ""
        total, groups = stats.compute(queryset, dimension)
        context.update(
            year=year,
            month=month,
            dimension=dimension,
            dimensions=stats.DIMENSIONS,
            total=total,
            groups=groups,
            peak=max((g.count for g in groups), default=0),
            repeats=stats.repeat_faults(queryset),
            years=range(today.year, today.year - 5, -1),
            log_url=f"{reverse('repairs:repairrequest_list')}?export=xlsx&{log_query}",
        )
        return context
