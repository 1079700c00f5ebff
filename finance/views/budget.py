"""Pages of the budget: finance settings, years, lines, adjustments and budget execution."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core import access, exports
from core.api.base import ScopedSerializer, ScopedViewSet
from core.charts import breakdown_svg, data_uri
from core.resources import Resource
from core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    ScopedViewMixin,
    describe_field,
)
from core.views.workflow import TransitionView, steps_for
from finance import tables_budget as t
from finance.choices import YearStatus
from finance.filters_budget import (
    BudgetAdjustmentFilterSet,
    BudgetLineFilterSet,
    BudgetYearFilterSet,
    ExecutionFilterSet,
)
from finance.forms_budget import (
    AdjustmentForm,
    BudgetLineForm,
    DecisionForm,
    FinanceSettingsForm,
    show_errors,
)
from finance.models import (
    BudgetAdjustment,
    BudgetLine,
    BudgetMovement,
    BudgetYear,
    FinanceSettings,
    PurchaseRequest,
)
from finance.navigation import FINANCE
from finance.selectors_budget import category_totals
from finance.services import budgeting
from finance.workflow_budget import ADJUSTMENT_WORKFLOW, tier_of

# ---- finance settings ----------------------------------------------------------------------


class FinanceSettingsView(ScopedViewMixin, View):
    """财务设置: the school's approval tiers and thresholds; the director and the admin edit,
    the other finance readers read."""

    model = FinanceSettings
    template_name = "finance/budget_settings.html"

    def url_name(self, suffix: str) -> str:
        return "finance:settings" if suffix == "list" else super().url_name(suffix)

    def get(self, request):
        return self.render(self._form(None))

    def post(self, request):
        if not access.can(request.user, FinanceSettings, "change"):
            raise PermissionDenied(_("Your role does not allow this."))
        form = self._form(request.POST)
        if form is not None and form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Saved."))
            return redirect("finance:settings")
        return self.render(form, status=400)

    def _rows(self):
        user = access.signed_in(self.request.user)
        if user.school_id:
            FinanceSettings.of(user.school_id)  # the row exists, with the defaults
        rows = self.get_queryset().select_related("school").order_by("school_id")
        names = [f.name for f in FinanceSettings._meta.concrete_fields if f.editable]
        shown = [n for n in names if n not in ("id", "school", "created_at", "updated_at")]
        return [(row, [describe_field(row, name) for name in shown]) for row in rows]

    def _form(self, data):
        user = access.signed_in(self.request.user)
        if not user.school_id or not access.can(user, FinanceSettings, "change"):
            return None
        own = FinanceSettings.of(user.school_id)
        return FinanceSettingsForm(data, instance=own, user=user)

    def render(self, form, status=200):
        context = self.get_context_data(form=form, rows=self._rows())
        return TemplateResponse(self.request, self.template_name, context, status=status)


# ---- years ---------------------------------------------------------------------------------


class YearDetailView(ObjectDetailView):
    template_name = "finance/budget_year_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = context["object"]
        context["lines"] = list(
            access.scope(self.request.user, t.line_rows())
            .filter(budget_year=year, archived_at__isnull=True)
            .order_by("category", "name")
        )
        context["closed"] = year.status == YearStatus.CLOSED
        return context


class YearStatusView(ScopedViewMixin, View):
    """POST years/<pk>/close/ or /reopen/: the director or the admin."""

    model = BudgetYear
    action = "change"
    http_method_names = ["post"]

    def post(self, request, pk, step):
        year = get_object_or_404(self.get_queryset(), pk=pk)
        actor = access.signed_in(request.user)
        if step == "close":
            budgeting.year_close(year=year, actor=actor)
            messages.success(request, _("The %(year)s budget is closed.") % {"year": year.year})
        else:
            budgeting.year_reopen(year=year, actor=actor)
            messages.success(request, _("The %(year)s budget is open.") % {"year": year.year})
        return redirect(year.get_absolute_url())


class YearSerializerBase(ScopedSerializer):
    def validate_year(self, value):
        if not 2000 <= value <= 2100:
            raise ValidationError(_("Give a year between 2000 and 2100."))
        return value


budget_year = Resource(
    model=BudgetYear,
    fields=["year", "notes"],
    show=["year", "status", "closed_at", "notes"],
    table=t.BudgetYearTable,
    filterset=BudgetYearFilterSet,
    url_prefix="budget/years",
    api_prefix="budget-years",
    api_read_only=["status", "closed_at"],
    api_ordering=["year"],
    locked=["year"],
    views={"detail": YearDetailView},
    menu=(FINANCE, gettext_lazy("Budget years")),
)


# ---- lines ---------------------------------------------------------------------------------


class RefusalShownMixin:
    """A form whose save calls a service: the service's refusal is a form error (400)."""

    def post(self, request, *args, **kwargs):
        form = self.get_form(self.get_instance())  # type: ignore[attr-defined]
        if form.is_valid():
            try:
                with transaction.atomic():
                    obj = form.save()
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(obj.get_absolute_url())
        return self.render(form, status=400)  # type: ignore[attr-defined]


class LineCreateView(RefusalShownMixin, ObjectCreateView):
    pass


class LineEditView(RefusalShownMixin, ObjectEditView):
    pass


class LineDeleteView(ObjectDeleteView):
    """A line that money has moved on is kept (its movements name it): archiving is refused."""

    def post(self, request, *args, **kwargs):
        refusal = budgeting.line_archive_refusal(self.get_object())
        if refusal:
            messages.error(request, refusal)
            return redirect(self.get_object().get_absolute_url())
        return super().post(request, *args, **kwargs)


class LineActions(ScopedViewSet):
    def perform_destroy(self, instance):
        refusal = budgeting.line_archive_refusal(instance)
        if refusal:
            raise ValidationError(refusal, code="line_in_use")
        super().perform_destroy(instance)


class LineDetailView(ObjectDetailView):
    """A line: its figures and chart, its movements, the requests paid from it, its
    adjustments."""

    template_name = "finance/budget_line_detail.html"
    queryset = t.line_rows()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        line = context["object"]
        user = self.request.user
        movements = (
            access.scope(user, BudgetMovement)
            .filter(line=line)
            .select_related("request", "actor")
            .order_by("-created_at", "-pk")[:100]
        )
        requests = (
            access.scope(user, PurchaseRequest)
            .filter(budget_line=line)
            .order_by("-created_at", "-pk")[:100]
        )
        adjustments = (
            access.scope(user, t.adjustment_rows())
            .filter(Q(from_line=line) | Q(to_line=line))
            .order_by("-created_at", "-pk")
        )
        context.update(
            movements=list(movements),
            requests=[(r, _request_url(r)) for r in requests],
            adjustments=list(adjustments),
            chart=data_uri(line_chart(line)),
            can_adjust=access.can(user, BudgetAdjustment, "add"),
        )
        return context


def _request_url(request: PurchaseRequest) -> str:
    """The request's page, once the requests part routes it."""
    try:
        return reverse("finance:purchaserequest_detail", args=[request.pk])
    except NoReverseMatch:
        return ""


def line_chart(line: BudgetLine) -> str:
    """The line's figures as a bar chart (core.charts, as the printed reports draw)."""
    rows = [
        (_("Budget"), line.amount, ""),
        (_("Committed"), line.committed, ""),
        (_("Spent"), line.spent, ""),
        (_("Available"), line.available, ""),
    ]
    return breakdown_svg(line.name, rows)


class LineSerializerBase(ScopedSerializer):
    """Money fields are read-only; a write goes through the budget part's line service."""

    def create(self, validated_data):
        return budgeting.line_save(line=BudgetLine(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return budgeting.line_save(line=instance)

    def validate(self, attrs):
        """The service's rules said by field before the database's checks would refuse them."""
        from rest_framework.exceptions import ValidationError as ApiError

        year = attrs.get("budget_year") or getattr(self.instance, "budget_year", None)
        if year is not None and year.status == YearStatus.CLOSED:
            raise ApiError({"budget_year": [_("That budget year is closed.")]})
        line = copy.copy(self.instance) if self.instance is not None else BudgetLine()
        for name, value in attrs.items():
            setattr(line, name, value)
        if line.amount is not None:
            try:
                budgeting.check_line(line, taken=line.committed + line.spent)
            except ValidationError as exc:
                raise ApiError(exc.message_dict) from exc
        return super().validate(attrs)


budget_line = Resource(
    model=BudgetLine,
    fields=["budget_year", "category", "department", "name", "amount", "control", "notes"],
    show=[
        "budget_year",
        "category",
        "department",
        "name",
        "amount",
        "control",
        "committed",
        "spent",
        "notes",
    ],
    table=t.BudgetLineTable,
    filterset=BudgetLineFilterSet,
    queryset=t.line_rows(),
    form_base=BudgetLineForm,
    serializer_base=LineSerializerBase,
    url_prefix="budget/lines",
    api_prefix="budget-lines",
    api_read_only=["committed", "spent"],
    api_ordering=["name", "amount", "category"],
    locked=["budget_year"],
    viewset_base=LineActions,
    views={
        "detail": LineDetailView,
        "add": LineCreateView,
        "edit": LineEditView,
        "delete": LineDeleteView,
    },
    menu=(FINANCE, gettext_lazy("Budget lines")),
)
ALL = [budget_year, budget_line]


# ---- adjustments ---------------------------------------------------------------------------


class AdjustmentListView(ObjectListView):
    model = BudgetAdjustment
    queryset = t.adjustment_rows()
    filterset_class = BudgetAdjustmentFilterSet
    table_class = t.BudgetAdjustmentTable
    template_name = "core/object_list.html"

    def permitted(self, action: str) -> bool:
        # Asked for on their own page; never changed or deleted (kept as the record).
        return action in ("view", "add") and super().permitted(action)


class AdjustmentCreateView(ScopedViewMixin, TemplateView):
    """请调剂: move an amount from one line to another; someone else approves it."""

    model = BudgetAdjustment
    action = "add"
    template_name = "finance/budget_adjustment_form.html"

    def form(self):
        initial = {}
        wanted = self.request.GET.get("from_line", "")
        if wanted.isdigit():
            initial["from_line"] = int(wanted)
        user = access.signed_in(self.request.user)
        return AdjustmentForm(self.request.POST or None, initial=initial, user=user)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        form = self.form()
        if form.is_valid():
            adjustment = form.save()
            if adjustment is not None:
                messages.success(request, _("The adjustment waits for approval."))
                return redirect(adjustment.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AdjustmentDetailView(ObjectDetailView):
    model = BudgetAdjustment
    template_name = "finance/budget_adjustment_detail.html"
    queryset = BudgetAdjustment.objects.select_related(
        "from_line__budget_year", "to_line__budget_year", "requested_by", "decided_by"
    )
    detail_fields = [
        "from_line",
        "to_line",
        "amount",
        "reason",
        "status",
        "requested_by",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = context["object"]
        context["steps"] = steps_for(ADJUSTMENT_WORKFLOW, self.request.user, row)
        context["step_form"] = DecisionForm(user=self.request.user)
        context["tier"] = tier_of(row)
        return context


class AdjustmentStepView(TransitionView, AdjustmentDetailView):
    """POST adjustments/<pk>/<step>/ (approve, reject)."""

    workflow = ADJUSTMENT_WORKFLOW

    def take(self, transition, obj):
        form = DecisionForm(self.request.POST, user=self.request.user)
        if not form.is_valid():
            messages.error(self.request, _("The comment is too long."))
            return self.render_refused(obj, status=400)
        try:
            budgeting.ADJUSTMENT_STEPS[transition.name](
                adjustment=obj,
                actor=access.signed_in(self.request.user),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            if hasattr(exc, "status_code"):
                raise
            messages.error(self.request, " ".join(exc.messages))
            return self.render_refused(obj, status=400)
        messages.success(self.request, _("Done: %(step)s.") % {"step": transition.label})
        return redirect(obj.get_absolute_url())


# ---- execution -----------------------------------------------------------------------------


class ExecutionView(ObjectListView):
    """预算执行: per line budget, committed, spent, available and execution rate, a chart per
    line and the totals by category; its export is the same table (and the totals)."""

    model = BudgetLine
    queryset = t.line_rows()
    filterset_class = ExecutionFilterSet
    table_class = t.ExecutionTable
    template_name = "finance/budget_execution.html"
    paginate_by = 500  # a school's budget has some tens of lines: all of them on one page

    def permitted(self, action: str) -> bool:
        return action == "view" and super().permitted(action)

    def url_name(self, suffix: str) -> str:
        return "finance:budget_execution" if suffix == "list" else super().url_name(suffix)

    def get(self, request, *args, **kwargs):
        if "year" not in request.GET:
            params = request.GET.copy()
            params["year"] = str(timezone.localdate().year)
            return redirect(f"{reverse('finance:budget_execution')}?{params.urlencode()}")
        return super().get(request, *args, **kwargs)

    def _filtered(self):
        return super()._filtered().filter(archived_at__isnull=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["add_url"] = ""
        if "rows" in kwargs and kwargs.get("page") is not None:
            totals, grand = category_totals(self._filtered())
            context.update(
                totals=totals,
                grand=grand,
                totals_table=t.CategoryTotalsTable(),
                chart_data=_chart_data(kwargs["rows"]),
                chart_labels={
                    "spent": _("Spent"),
                    "committed": _("Committed"),
                    "available": _("Available"),
                },
            )
        return context

    def export(self, queryset):
        from django.conf import settings

        if queryset.count() > settings.EXPORT_INLINE_MAX_ROWS:
            return super().export(queryset)  # a background job, as every big list's export
        workbook = exports.new_workbook()
        title = _("Budget execution")
        exports.table_sheet(
            workbook,
            table=self.table_class(),
            rows=self.table_class().rows(queryset),
            title=title,
        )
        totals, grand = category_totals(queryset)
        exports.table_sheet(
            workbook,
            table=t.CategoryTotalsTable(),
            rows=[*totals, (None, [_("Total"), *grand])],  # type: ignore[list-item]
            title=_("By category"),
        )
        handle = exports.temporary_xlsx()
        workbook.save(handle)
        handle.seek(0)
        filename = f"{title}-{timezone.localdate():%Y%m%d}.xlsx"
        return FileResponse(
            handle, as_attachment=True, filename=filename, content_type=exports.XLSX_CONTENT_TYPE
        )


def _chart_data(rows: list[tuple[int, list]]) -> dict:
    """What finance_budget.js draws: for each line, spent, committed and available (stacked)."""
    columns = [c.path for c in t.ExecutionTable.columns]
    at = {name: columns.index(name) for name in ("name", "spent", "committed", "available_amount")}
    return {
        str(pk): {
            "name": values[at["name"]],
            "spent": float(values[at["spent"]]),
            "committed": float(values[at["committed"]]),
            "available": float(values[at["available_amount"]]),
            "link": reverse("finance:budgetline_detail", args=[pk]),
        }
        for pk, values in rows
    }


def urlpatterns() -> list:
    from core import resources

    return [
        path("settings/", FinanceSettingsView.as_view(), name="settings"),
        path("budget/execution/", ExecutionView.as_view(), name="budget_execution"),
        path(
            "budget/years/<int:pk>/close/",
            YearStatusView.as_view(),
            {"step": "close"},
            name="budgetyear_close",
        ),
        path(
            "budget/years/<int:pk>/reopen/",
            YearStatusView.as_view(),
            {"step": "reopen"},
            name="budgetyear_reopen",
        ),
        path("budget/adjustments/", AdjustmentListView.as_view(), name="budgetadjustment_list"),
        path(
            "budget/adjustments/add/",
            AdjustmentCreateView.as_view(),
            name="budgetadjustment_add",
        ),
        path(
            "budget/adjustments/<int:pk>/",
            AdjustmentDetailView.as_view(),
            name="budgetadjustment_detail",
        ),
        path(
            "budget/adjustments/<int:pk>/<slug:step>/",
            AdjustmentStepView.as_view(),
            name="budgetadjustment_step",
        ),
        *resources.urlpatterns(ALL),
    ]
