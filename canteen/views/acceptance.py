"""Pages of goods acceptance (进货查验), diners, meal income, month costs and the disclosure."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from canteen import acceptance_tables as t
from canteen.forms_acceptance import (
    AttachDocumentForm,
    DeliveryForm,
    DisclosureForm,
    LineFormSet,
    MealIncomeForm,
    StepForm,
)
from canteen.models import (
    CostDisclosure,
    Delivery,
    DeliveryDocument,
    DeliveryLine,
    DinerCount,
    MealIncome,
)
from canteen.models.acceptance import DisclosureStatus, LineResult, add_months
from canteen.navigation import CANTEEN
from canteen.services import acceptance as services
from canteen.workflow_acceptance import DISCLOSURE_WORKFLOW
from core import access
from core.api.base import ScopedSerializer
from core.pdf import pdf_response, render_pdf
from core.resources import Resource
from core.views.generic import ObjectDetailView, ObjectListView, ScopedViewMixin
from core.views.workflow import TransitionView, steps_for

diner_count = Resource(
    model=DinerCount,
    fields=["day", "meal", "students", "staff", "notes"],
    table=t.DinerCountTable,
    filterset=t.DinerCountFilterSet,
    url_prefix="diners",
    api_prefix="diners",
    api_ordering=["day", "meal"],
    menu=(CANTEEN, gettext_lazy("Diners")),
)


class MealIncomeSerializerBase(ScopedSerializer):
    def validate_month(self, value):
        return services.month_start(value)  # any day of the month names it


meal_income = Resource(
    model=MealIncome,
    fields=["month", "amount", "notes"],
    table=t.MealIncomeTable,
    filterset=t.MealIncomeFilterSet,
    form_base=MealIncomeForm,
    serializer_base=MealIncomeSerializerBase,
    url_prefix="income",
    api_prefix="income",
    api_ordering=["month"],
    menu=(CANTEEN, gettext_lazy("Meal income")),
)
ALL = [diner_count, meal_income]


# ---- deliveries ---------------------------------------------------------------------------


class DeliveryListView(ObjectListView):
    model = Delivery
    queryset = t.delivery_rows()
    filterset_class = t.DeliveryFilterSet
    table_class = t.DeliveryTable


class LedgerListView(ObjectListView):
    """进货查验记录台账: the acceptance ledger, one row per product, exported as shown."""

    model = DeliveryLine
    queryset = t.ledger_rows()
    filterset_class = t.LedgerFilterSet
    table_class = t.LedgerTable

    def permitted(self, action: str) -> bool:
        # Lines are added, changed and kept with their delivery, never on their own.
        return action == "view" and super().permitted(action)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if access.can(self.request.user, Delivery, "add"):
            context["add_url"] = reverse("canteen:delivery_add")
        return context


class LineDetailView(ScopedViewMixin, View):
    """A ledger row opens its delivery, at the line."""

    model = DeliveryLine

    def get(self, request, pk):
        line = get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponseRedirect(f"{line.delivery.get_absolute_url()}#line-{line.pk}")


class DeliveryDetailView(ObjectDetailView):
    model = Delivery
    template_name = "canteen/acceptance/delivery_detail.html"
    queryset = Delivery.objects.select_related("supplier", "acceptor", "second_acceptor")
    detail_fields = [
        "date",
        "supplier",
        "acceptor",
        "second_acceptor",
        "is_bulk",
        "recorded_by",
        "keep_until",
        "notes",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        delivery = context["object"]
        context.update(
            lines=list(delivery.lines.all()),
            documents=list(delivery.documents.all()),
            archive_refusal=delivery.archive_refusal(),
        )
        if context.get("can_add"):
            context.setdefault("attach_form", AttachDocumentForm())
        return context


class DeliveryAttachView(DeliveryDetailView):
    """Attach a certificate or invoice found after the delivery was recorded (same service as
    the API's `documents` action); a refused file shows on the delivery's page with a 400."""

    action = "add"

    def get(self, request, *args, **kwargs):
        return redirect("canteen:delivery_detail", pk=kwargs["pk"])

    def post(self, request, *args, **kwargs):
        delivery = self.get_object()
        form = AttachDocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.delivery_attach(
                    delivery=delivery,
                    actor=access.signed_in(request.user),
                    document=form.document(),
                )
            except ValidationError as exc:
                for name, problems in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                messages.success(request, _("Document attached."))
                return redirect(delivery.get_absolute_url())
        context = self.get_context_data(object=delivery, attach_form=form)
        return self.render_to_response(context, status=400)


class DeliveryCreateView(ScopedViewMixin, TemplateView):
    """Record a delivery at the door, on a phone: who, which supplier, the products, photos."""

    model = Delivery
    action = "add"
    template_name = "canteen/acceptance/delivery_form.html"

    def forms(self):
        data = self.request.POST or None
        files = self.request.FILES or None
        user = access.signed_in(self.request.user)
        return DeliveryForm(data, files, user=user), LineFormSet(data, prefix="lines")

    def get(self, request, *args, **kwargs):
        form, lines = self.forms()
        return self.render_to_response(self.get_context_data(form=form, lines=lines))

    def post(self, request, *args, **kwargs):
        form, lines = self.forms()
        if form.is_valid() and lines.is_valid():
            try:
                delivery = self.record(form, lines)
            except ValidationError as exc:
                self.show_refusal(form, exc)
            else:
                messages.success(request, _("Delivery recorded."))
                return redirect(delivery.get_absolute_url())
        context = self.get_context_data(form=form, lines=lines)
        return self.render_to_response(context, status=400)

    def record(self, form: DeliveryForm, lines) -> Delivery:
        data = form.cleaned_data
        return services.delivery_record(
            actor=access.signed_in(self.request.user),
            date=data["date"],
            supplier=data["supplier"],
            acceptor=data["acceptor"],
            second_acceptor=data.get("second_acceptor"),
            lines=[line.line() for line in lines.forms if line.has_changed()],
            documents=form.documents(),
            notes=data.get("notes", ""),
        )

    @staticmethod
    def show_refusal(form: DeliveryForm, exc: ValidationError) -> None:
        """The service's refusals shown where they belong: by field, lines on top."""
        for name, problems in exc.message_dict.items():
            field = {"documents": "certificates"}.get(name, name)
            form.add_error(field if field in form.fields else None, problems)


class DeliveryArchiveView(ScopedViewMixin, View):
    """Archive a delivery: refused with the day it may be, while the law says keep it."""

    model = Delivery
    action = "delete"
    template_name = "core/object_confirm_delete.html"

    def get_object(self) -> Delivery:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        context = self.get_context_data(object=self.get_object())
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        delivery = self.get_object()
        try:
            services.delivery_archive(delivery=delivery, actor=access.signed_in(request.user))
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            context = self.get_context_data(object=delivery)
            return TemplateResponse(request, self.template_name, context, status=400)
        messages.success(request, _("Archived."))
        return redirect("canteen:delivery_list")


class DocumentDownloadView(ScopedViewMixin, View):
    """A delivery's PDF, served through the access rule (photos come through core.files)."""

    model = DeliveryDocument

    def get(self, request, pk):
        document = get_object_or_404(self.get_queryset(), pk=pk)
        if not document.file:
            raise Http404
        return FileResponse(
            document.file.open("rb"),
            as_attachment=False,
            filename=document.file.name.rsplit("/", 1)[-1],
            content_type="application/pdf",
        )


# ---- month costs and the disclosure -------------------------------------------------------


def _month_param(request) -> dt.date:
    text = request.GET.get("month", "")
    try:
        return dt.date(int(text[:4]), int(text[5:7]), 1) if len(text) == 7 else _this_month()
    except ValueError:
        return _this_month()


def _this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def month_purchases(school_id: int, month: dt.date, recorded_by: dt.datetime | None = None):
    """The month's deliveries with supplier, acceptors and accepted amount (disclosure table),
    those recorded by `recorded_by` if given."""
    last = add_months(month, 1) - dt.timedelta(days=1)
    rows = t.delivery_rows()
    if recorded_by is not None:
        rows = rows.filter(created_at__lte=recorded_by)
    return (
        rows.filter(school_id=school_id, archived_at__isnull=True, date__gte=month, date__lte=last)
        .select_related("supplier", "acceptor", "second_acceptor")
        .order_by("date", "pk")
    )


class MonthCostsView(ScopedViewMixin, TemplateView):
    """The month's meal costs: income, food cost, diners, cost per diner per meal, balance."""

    model = CostDisclosure
    template_name = "canteen/acceptance/costs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = access.signed_in(self.request.user)
        month = _month_param(self.request)
        school_id = user.school_id
        if school_id is None:
            raise Http404  # a district viewer reads the figures on the district pages
        context.update(
            month=month,
            previous=add_months(month, -1),
            following=add_months(month, 1),
            costs=services.month_costs([school_id], month)[school_id],
            categories=services.spending_by_category(school_id, month),
            disclosure=access.scope(user, CostDisclosure).filter(month=month).first(),
        )
        return context


class DisclosureListView(ObjectListView):
    model = CostDisclosure
    filterset_class = t.CostDisclosureFilterSet
    table_class = t.CostDisclosureTable


class DisclosureCreateView(ScopedViewMixin, TemplateView):
    model = CostDisclosure
    action = "add"
    template_name = "core/object_form.html"

    def get(self, request, *args, **kwargs):
        form = DisclosureForm(initial={"month": _this_month()}, user=request.user)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = DisclosureForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                disclosure = services.disclosure_draft(
                    actor=access.signed_in(request.user),
                    month=form.cleaned_data["month"],
                    notes=form.cleaned_data["notes"],
                )
            except ValidationError as exc:
                for name, problems in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                messages.success(request, _("Saved."))
                return redirect(disclosure.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DisclosureDetailView(ObjectDetailView):
    model = CostDisclosure
    template_name = "canteen/acceptance/disclosure_detail.html"
    queryset = CostDisclosure.objects.select_related("drafted_by", "approved_by")
    detail_fields = ["month", "status", "drafted_by", "approved_by", "published_at", "notes"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(_notice_context(context["object"]))
        context["steps"] = steps_for(DISCLOSURE_WORKFLOW, self.request.user, context["object"])
        context["step_form"] = StepForm(user=self.request.user)
        return context


def _notice_context(disclosure: CostDisclosure) -> dict:
    """The disclosure's tables: the deliveries its figures counted (a later one is not shown)."""
    school_id, month, at = disclosure.school_id, disclosure.month, disclosure.figures_at
    return {
        "categories": services.spending_by_category(school_id, month, recorded_by=at),
        "purchases": list(month_purchases(school_id, month, at)),
        "accepted": LineResult.ACCEPTED,
    }


class DisclosureStepView(TransitionView, DisclosureDetailView):
    """POST disclosures/<pk>/<step>/ (submit, approve, send_back): one declared step."""

    workflow = DISCLOSURE_WORKFLOW

    def take(self, transition, obj):
        form = StepForm(self.request.POST, user=self.request.user)
        if not form.is_valid():
            messages.error(self.request, _("The note is too long."))
            return self.render_refused(obj, status=400)
        services.DISCLOSURE_STEPS[transition.name](
            disclosure=obj,
            actor=access.signed_in(self.request.user),
            note=form.cleaned_data["note"],
        )
        messages.success(self.request, _("Done: %(step)s.") % {"step": transition.label})
        return redirect(obj.get_absolute_url())


class DisclosureNoticeView(ScopedViewMixin, View):
    """The published disclosure as an A4 notice (伙食费公示) to post at the canteen."""

    model = CostDisclosure

    def get(self, request, pk):
        disclosure = get_object_or_404(
            self.get_queryset().select_related("school", "approved_by"), pk=pk
        )
        if disclosure.status != DisclosureStatus.PUBLISHED:
            messages.error(request, _("Only a published disclosure is printed as a notice."))
            return redirect(disclosure.get_absolute_url())
        context = {"object": disclosure, "school": disclosure.school, **_notice_context(disclosure)}
        pdf = render_pdf("canteen/acceptance/disclosure_notice.html", context, request=request)
        return pdf_response(pdf, f"disclosure-{disclosure.month:%Y-%m}.pdf")
