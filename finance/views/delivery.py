"""Pages of acceptance (验收 → 入库) and payment (报销/付款): the request's delivery panel, the
"record an acceptance" page (made for a phone), "record a payment", the excess approval, and
the acceptance and payment lists. Every page calls the services in finance.services.delivery.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core import access
from core.views.generic import ObjectDetailView, ObjectListView, ScopedViewMixin
from core.workflow import TransitionRefused
from finance import tables_delivery as t
from finance.choices import RequestStatus
from finance.forms_delivery import AcceptanceForm, ExcessForm, PaymentForm
from finance.models import Acceptance, ExcessApproval, Payment, PurchaseRequest
from finance.services import delivery as services
from finance.workflow import PURCHASE_WORKFLOW


def delivery_context(user, request_obj: PurchaseRequest) -> dict:
    """What the request's delivery panel shows (templates/finance/includes/delivery_panel.html):
    the items received against ordered, the acceptances with the cards and slips they made, the
    payments, the money, and which of the steps this user may take now."""
    received = services.received_by_item(request_obj)
    items = [
        {"item": item, "received": received.get(item.pk, 0), "ordered": item.quantity}
        for item in request_obj.items.all()
    ]
    acceptances = list(
        access.scope(user, Acceptance)
        .filter(order__request=request_obj)
        .select_related("first_acceptor", "second_acceptor")
        .prefetch_related("lines__item", "lines__assets", "lines__stock_slip")
        .order_by("accepted_on", "pk")
    )
    payments = list(
        access.scope(user, Payment)
        .filter(order__request=request_obj, archived_at__isnull=True)
        .select_related("payer", "excess_approved_by")
        .order_by("paid_on", "pk")
    )
    accepted = services.accepted_amount(request_obj)
    paid = services.paid_amount(request_obj)
    steps = {t.name for t in PURCHASE_WORKFLOW.available(user, request_obj)}
    excess_needed = request_obj.status == RequestStatus.ACCEPTED and services.needs_excess_approval(
        request_obj
    )
    approval = services.excess_approval_of(request_obj) if excess_needed else None
    return {
        "delivery_items": items,
        "acceptances": acceptances,
        "payments": payments,
        "accepted_amount": accepted,
        "paid_amount": paid,
        "due_amount": accepted - paid,
        "tolerance_limit": services.tolerance_limit(request_obj),
        "excess_needed": excess_needed,
        "excess_approval": approval,
        "can_approve_excess": excess_needed
        and approval is None
        and access.can(user, ExcessApproval, "approve")
        and bool(user.role_codes & {"director", "principal"})
        and user.pk != request_obj.requested_by_id,
        "can_accept": "accept" in steps,
        "can_pay": "pay" in steps and (not excess_needed or approval is not None),
        "accept_url": reverse("finance:acceptance_record", args=[request_obj.pk]),
        "pay_url": reverse("finance:payment_record", args=[request_obj.pk]),
        "excess_url": reverse("finance:excess_approve", args=[request_obj.pk]),
    }


def _show_errors(form, exc: ValidationError) -> None:
    """A service's refusal shown where it belongs: by field, the rest on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, problems in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, problems)


class _RequestPage(ScopedViewMixin, TemplateView):
    """A page of one request (read through access.scope): it links the request's own pages, not
    the generic list of the model (which the requests part declares)."""

    model = PurchaseRequest

    def get_context_data(self, **kwargs):
        return super(ScopedViewMixin, self).get_context_data(**kwargs)


class _RequestStepPage(_RequestPage):
    """A page that takes one step of a request: the row through access.scope (404), the
    declared step checked before the form is shown or read (403/409 with its sentence)."""

    step = ""

    def request_obj(self) -> PurchaseRequest:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def refused(self, request_obj, exc: TransitionRefused) -> HttpResponse:
        if exc.status_code == 404:
            raise Http404(exc.messages[0])
        messages.error(self.request, exc.messages[0])
        context = {"request_obj": request_obj, "refusal": exc.messages[0]}
        return TemplateResponse(
            self.request, "finance/delivery_refused.html", context, status=exc.status_code
        )

    def get(self, request, *args, **kwargs):
        request_obj = self.request_obj()
        try:
            PURCHASE_WORKFLOW.check(request.user, request_obj, self.step)
        except TransitionRefused as exc:
            return self.refused(request_obj, exc)
        form = self.make_form(None, request_obj)
        return self.render_to_response(self.get_context_data(form=form, request_obj=request_obj))

    def post(self, request, *args, **kwargs):
        request_obj = self.request_obj()
        try:
            PURCHASE_WORKFLOW.check(request.user, request_obj, self.step)
            form = self.make_form(request, request_obj)
            if form.is_valid():
                self.take(form, request_obj)
                return redirect(request_obj.get_absolute_url())
        except TransitionRefused as exc:
            return self.refused(request_obj, exc)
        except ValidationError as exc:
            _show_errors(form, exc)
        context = self.get_context_data(form=form, request_obj=request_obj)
        return self.render_to_response(context, status=400)

    def make_form(self, request, request_obj):
        raise NotImplementedError

    def take(self, form, request_obj) -> None:
        raise NotImplementedError


class AcceptanceRecordView(_RequestStepPage):
    """验收: the recorder (first acceptor) and a second person take the goods, on a phone."""

    step = "accept"
    template_name = "finance/delivery_accept.html"

    def make_form(self, request, request_obj):
        data, files = (request.POST, request.FILES) if request else (None, None)
        user = access.signed_in(self.request.user)
        return AcceptanceForm(data, files, user=user, request_obj=request_obj)

    def take(self, form, request_obj) -> None:
        data = form.cleaned_data
        services.acceptance_record(
            request=request_obj,
            actor=access.signed_in(self.request.user),
            second_acceptor=data["second_acceptor"],
            lines=form.lines(),
            invoice_number=data["invoice_number"],
            invoice_amount=data.get("invoice_amount"),
            invoice_file=data.get("invoice_file"),
            accepted_on=data["accepted_on"],
            notes=data.get("notes", ""),
        )
        messages.success(self.request, _("Acceptance recorded."))


class PaymentRecordView(_RequestStepPage):
    """报销/付款: the payer records a payment of the accepted amount."""

    step = "pay"
    template_name = "finance/delivery_pay.html"

    def make_form(self, request, request_obj):
        due = services.accepted_amount(request_obj) - services.paid_amount(request_obj)
        user = access.signed_in(self.request.user)
        return PaymentForm(request.POST if request else None, user=user, due=due)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(delivery_context(self.request.user, context["request_obj"]))
        return context

    def take(self, form, request_obj) -> None:
        data = form.cleaned_data
        services.payment_record(
            request=request_obj,
            actor=access.signed_in(self.request.user),
            amount=data["amount"],
            voucher_number=data["voucher_number"],
            method=data["method"],
            paid_on=data["paid_on"],
            notes=data.get("notes", ""),
        )
        messages.success(self.request, _("Payment recorded."))


class ExcessApproveView(ScopedViewMixin, View):
    """POST: the director or the principal approves an invoice above the estimate."""

    model = PurchaseRequest
    http_method_names = ["post"]

    def post(self, request, pk):
        request_obj = get_object_or_404(self.get_queryset(), pk=pk)
        form = ExcessForm(request.POST, user=request.user)
        status = 302
        try:
            if not form.is_valid():
                raise ValidationError(_("The comment is too long."))
            services.excess_approve(
                request=request_obj,
                actor=access.signed_in(request.user),
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The excess over the estimate is approved."))
        except TransitionRefused as exc:
            if exc.status_code == 404:
                raise Http404 from exc
            messages.error(request, exc.messages[0])
            status = exc.status_code
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            status = 400
        if status == 302:
            return redirect(request_obj.get_absolute_url())
        context = {"request_obj": request_obj, **delivery_context(request.user, request_obj)}
        return TemplateResponse(request, "finance/delivery_panel_page.html", context, status=status)


class DeliveryPanelView(_RequestPage):
    """The delivery panel of one request on a page of its own (until the request's page
    includes it): what was received, what it became, what was paid."""

    template_name = "finance/delivery_panel_page.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request_obj = get_object_or_404(
            self.get_queryset().select_related("budget_line", "requested_by"), pk=self.kwargs["pk"]
        )
        context["request_obj"] = request_obj
        context.update(delivery_context(self.request.user, request_obj))
        return context


class _ReadOnly:
    """Acceptances and payments are made by their steps only: no add, edit or delete here."""

    def permitted(self, action: str) -> bool:
        return action == "view" and super().permitted(action)  # type: ignore[misc]


class AcceptanceListView(_ReadOnly, ObjectListView):
    model = Acceptance
    queryset = t.acceptance_rows()
    filterset_class = t.AcceptanceFilterSet
    table_class = t.AcceptanceTable


class AcceptanceDetailView(_ReadOnly, ObjectDetailView):
    model = Acceptance
    template_name = "finance/delivery_acceptance_detail.html"
    queryset = Acceptance.objects.select_related(
        "order__request", "order__supplier", "first_acceptor", "second_acceptor"
    )
    detail_fields = [
        "accepted_on",
        "order",
        "first_acceptor",
        "second_acceptor",
        "invoice_number",
        "invoice_amount",
        "notes",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        acceptance = context["object"]
        context["lines"] = list(
            acceptance.lines.select_related("item", "stock_slip").prefetch_related("assets")
        )
        context["request_obj"] = acceptance.order.request
        return context


class InvoiceDownloadView(ScopedViewMixin, View):
    """An acceptance's invoice file, served through the acceptance's access rule."""

    model = Acceptance

    def get(self, request, pk):
        acceptance = get_object_or_404(self.get_queryset(), pk=pk)
        if not acceptance.invoice_file:
            raise Http404
        name = acceptance.invoice_file.name.rsplit("/", 1)[-1]
        content_type = "application/pdf" if name.lower().endswith(".pdf") else "image/jpeg"
        return FileResponse(
            acceptance.invoice_file.open("rb"), filename=name, content_type=content_type
        )


class PaymentListView(_ReadOnly, ObjectListView):
    model = Payment
    queryset = t.payment_rows()
    filterset_class = t.PaymentFilterSet
    table_class = t.PaymentTable


class PaymentDetailView(_ReadOnly, ObjectDetailView):
    model = Payment
    queryset = Payment.objects.select_related("order__request", "payer", "excess_approved_by")
    detail_fields = [
        "paid_on",
        "order",
        "amount",
        "method",
        "voucher_number",
        "payer",
        "excess_approved_by",
        "notes",
    ]
