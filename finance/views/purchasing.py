"""Pages of quotes and orders: the request's purchasing panel (an include the request's page
shows, with `purchasing_context`), the quote form, the order form, the order and quote lists.

Every page reads its rows through access.scope (ScopedViewMixin); every write calls
finance.services.purchasing, whose refusals are shown on the page with the API's status."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core import access
from core.models import User
from core.views.generic import ObjectDetailView, ObjectListView, ScopedViewMixin
from core.workflow import TransitionRefused
from finance import tables_purchasing as t
from finance.choices import RequestStatus
from finance.forms_purchasing import OrderForm, QuoteForm
from finance.models import FinanceSettings, PurchaseOrder, PurchaseRequest, Quote
from finance.selectors_purchasing import latest_grades
from finance.services import purchasing as services


@dataclass(frozen=True)
class QuoteLine:
    quote: Quote
    grade: tuple[int, str] | None  # the supplier's latest evaluation (year, grade)
    lowest: bool
    counts: bool  # a blacklisted or archived supplier's quote does not count


def _quote_lines(quotes: list[Quote]) -> list[QuoteLine]:
    counted = [q for q in quotes if not q.supplier.is_blacklisted and not q.supplier.archived_at]
    lowest = min((q.amount for q in counted), default=None)
    grades = latest_grades([q.supplier_id for q in quotes])
    return [
        QuoteLine(q, grades.get(q.supplier_id), q in counted and q.amount == lowest, q in counted)
        for q in quotes
    ]


def purchasing_context(user: User, request_obj: PurchaseRequest) -> dict:
    """What the purchasing panel (templates/finance/includes/purchasing_panel.html) shows for
    this request and this person: the quotes with grades and the lowest marked, the school's
    quote rule, whether public procurement closes the simple path, the order if placed, and the
    links this person may follow. A fixed number of queries (about six)."""
    rules = FinanceSettings.of(request_obj.school_id)
    quotes = access.scope(user, Quote.objects.filter(request=request_obj), "view")
    lines = _quote_lines(list(quotes.select_related("supplier").order_by("amount", "pk")))
    order = (
        access.scope(user, PurchaseOrder.objects.filter(request=request_obj), "view")
        .select_related("supplier", "ordered_by")
        .first()
    )
    public = services.public_refusal(request_obj, rules, request_obj.amount)
    may = services.may_purchase(user, request_obj)
    open_now = request_obj.status == RequestStatus.APPROVED and not public and may
    return {
        "purchasing": {
            "quotes": lines,
            "counted": sum(1 for line in lines if line.counts),
            "rules": rules,
            "needs_quotes": request_obj.amount >= rules.quotes_from,
            "public": public,
            "order": order,
            "can_quote": open_now,
            "add_url": reverse("finance:purchasing_quote_add", args=[request_obj.pk]),
            "order_url": reverse("finance:purchasing_order", args=[request_obj.pk]),
        }
    }


def _show_refusal(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, problems in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, exc.messages)


class _OfARequest(ScopedViewMixin):
    """A page about one request that belongs to purchasing: "back to list" is the order list."""

    model = PurchaseRequest

    def url_name(self, suffix: str) -> str:
        return "finance:purchaseorder_list" if suffix == "list" else super().url_name(suffix)

    def permitted(self, action: str) -> bool:
        return False  # no generic add/edit/delete buttons on these pages


class RequestPurchasingView(_OfARequest, TemplateView):
    """A request's quotes and order on a page of their own (the request's page includes the
    same panel)."""

    template_name = "finance/purchasing_request.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request_obj = get_object_or_404(
            self.get_queryset().select_related("requested_by", "department"), pk=self.kwargs["pk"]
        )
        context.update(request_obj=request_obj, object=request_obj)
        context.update(purchasing_context(access.signed_in(self.request.user), request_obj))
        return context


class _PurchaseStepView(_OfARequest, TemplateView):
    """A page that writes a request's quotes or order: purchasers only (role checked first)."""

    action = "purchase"

    def request_obj(self) -> PurchaseRequest:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def back(self, request_obj: PurchaseRequest):
        return redirect("finance:purchasing_request", request_obj.pk)

    def refused(self, form: Form, request_obj: PurchaseRequest, exc: ValidationError):
        status = getattr(exc, "status_code", 400)
        if status == 404:
            raise Http404(exc.messages[0])
        if isinstance(exc, TransitionRefused):
            messages.error(self.request, exc.messages[0])
        else:
            _show_refusal(form, exc)
        context = self.get_context_data(form=form, request_obj=request_obj)
        return self.render_to_response(context, status=status)


class QuoteAddView(_PurchaseStepView):
    """Record a supplier's quote: the form shows each supplier's latest grade."""

    template_name = "finance/purchasing_quote_form.html"

    def get(self, request, *args, **kwargs):
        request_obj = self.request_obj()
        form = QuoteForm(request_obj=request_obj)
        return self.render_to_response(self.get_context_data(form=form, request_obj=request_obj))

    def post(self, request, *args, **kwargs):
        request_obj = self.request_obj()
        form = QuoteForm(request.POST, request.FILES, request_obj=request_obj)
        if not form.is_valid():
            context = self.get_context_data(form=form, request_obj=request_obj)
            return self.render_to_response(context, status=400)
        data = form.cleaned_data
        try:
            services.quote_add(
                request=request_obj,
                actor=access.signed_in(request.user),
                supplier=data["supplier"],
                amount=data["amount"],
                quoted_on=data["quoted_on"],
                notes=data["notes"],
                document=data.get("document"),
            )
        except ValidationError as exc:
            return self.refused(form, request_obj, exc)
        messages.success(request, _("Quote recorded."))
        return self.back(request_obj)


class QuoteRemoveView(ScopedViewMixin, View):
    """POST: remove a quote entered by mistake (while the request is not yet ordered)."""

    model = PurchaseRequest
    action = "purchase"
    http_method_names = ["post"]

    def post(self, request, pk, quote):
        request_obj = get_object_or_404(self.get_queryset(), pk=pk)
        found = get_object_or_404(Quote.objects.filter(request=request_obj), pk=quote)
        try:
            services.quote_remove(quote=found, actor=access.signed_in(request.user))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Quote removed."))
        return redirect("finance:purchasing_request", request_obj.pk)


class OrderPlaceView(_PurchaseStepView):
    """Place the order: choose the quote (a reason when not the lowest); below the quote
    threshold a supplier and amount may be given directly."""

    template_name = "finance/purchasing_order_form.html"

    def form(self, request_obj: PurchaseRequest, data=None) -> OrderForm:
        rules = FinanceSettings.of(request_obj.school_id)
        return OrderForm(
            data, request_obj=request_obj, direct=request_obj.amount < rules.quotes_from
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request_obj = context["request_obj"]
        context.update(purchasing_context(access.signed_in(self.request.user), request_obj))
        return context

    def get(self, request, *args, **kwargs):
        request_obj = self.request_obj()
        form = self.form(request_obj)
        return self.render_to_response(self.get_context_data(form=form, request_obj=request_obj))

    def post(self, request, *args, **kwargs):
        request_obj = self.request_obj()
        form = self.form(request_obj, request.POST)
        if not form.is_valid():
            context = self.get_context_data(form=form, request_obj=request_obj)
            return self.render_to_response(context, status=400)
        data = form.cleaned_data
        try:
            order = services.order_place(
                request=request_obj,
                actor=access.signed_in(request.user),
                quote=data.get("quote"),
                reason=data.get("reason", ""),
                supplier=data.get("supplier"),
                amount=data.get("amount"),
            )
        except ValidationError as exc:
            return self.refused(form, request_obj, exc)
        messages.success(request, _("Order %(number)s placed.") % {"number": order.number})
        return redirect("finance:purchaseorder_detail", order.pk)


class _ReadOnly:
    """Lists and pages of records written by the services only: no generic add/edit/delete."""

    def permitted(self, action: str) -> bool:
        return action == "view" and super().permitted(action)  # type: ignore[misc]


class PurchaseOrderListView(_ReadOnly, ObjectListView):
    """The purchase orders (filterable, ?export=xlsx), and the approved requests awaiting one."""

    model = PurchaseOrder
    queryset = t.order_rows()
    filterset_class = t.PurchaseOrderFilterSet
    table_class = t.PurchaseOrderTable
    template_name = "finance/purchasing_order_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["awaiting"] = awaiting_order(access.signed_in(self.request.user))
        return context


def awaiting_order(user: User) -> list[PurchaseRequest]:
    """Approved requests this person may buy for, oldest approval first (at most 20, one query)."""
    if not access.can(user, PurchaseRequest, "purchase"):
        return []
    rows: QuerySet = access.scope(user, PurchaseRequest.objects.all(), "purchase")
    return list(
        rows.filter(status=RequestStatus.APPROVED, archived_at__isnull=True).order_by(
            "approved_at", "pk"
        )[:20]
    )


class PurchaseOrderDetailView(_ReadOnly, ObjectDetailView):
    model = PurchaseOrder
    template_name = "finance/purchasing_order_detail.html"
    queryset = PurchaseOrder.objects.select_related("request", "supplier", "quote", "ordered_by")
    detail_fields = [
        "number",
        "supplier",
        "amount",
        "ordered_on",
        "ordered_by",
        "quote",
        "choice_reason",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = context["object"]
        context["request_obj"] = order.request
        context.update(purchasing_context(access.signed_in(self.request.user), order.request))
        return context


class QuoteListView(_ReadOnly, ObjectListView):
    model = Quote
    queryset = t.quote_rows()
    filterset_class = t.QuoteFilterSet
    table_class = t.QuoteTable


class QuoteDetailView(_ReadOnly, ObjectDetailView):
    model = Quote
    queryset = Quote.objects.select_related("request", "supplier", "recorded_by")
    detail_fields = ["supplier", "amount", "quoted_on", "notes", "recorded_by"]
    related_template = "finance/includes/purchasing_quote_request.html"
