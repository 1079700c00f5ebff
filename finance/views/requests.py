"""Purchase request pages: the request form (phone-first) with its items, my requests, the
approvals waiting for me, the purchase ledger (?export=xlsx) and the request's page with its
approval history and step buttons.

Views parse the input, call finance.services.requests and render; rows come from access.scope.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core import access
from core.views.generic import ObjectDetailView, ObjectListView, ScopedViewMixin
from core.views.workflow import TransitionView, steps_for
from core.workflow import TransitionRefused
from finance import procurement
from finance.choices import ApprovalLevel, RequestStatus
from finance.filters_requests import PurchaseRequestFilterSet
from finance.forms_requests import RequestForm, StepForm, item_formset
from finance.models import Approval, FinanceSettings, PurchaseRequest, RequestAttachment
from finance.models.common import FINANCE_READERS
from finance.services import requests as services
from finance.tables_requests import PurchaseRequestTable

# The steps this part's page takes (order, accept and pay have their own pages).
from finance.views.delivery import delivery_context
from finance.views.purchasing import purchasing_context
from finance.workflow import PURCHASE_WORKFLOW

OWN_STEPS = ("submit", "approve", "reject", "send_back", "cancel")
CARD_RELATED = ("requested_by", "department", "budget_line__budget_year")


class LedgerView(ObjectListView):
    """采购台账: every request the user may read, filterable, exported as shown."""

    model = PurchaseRequest
    filterset_class = PurchaseRequestFilterSet
    table_class = PurchaseRequestTable
    key_paging = True  # 100,000 requests: a deep page costs what the first does

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verbose_name_plural"] = gettext_lazy("Purchase ledger")
        return context


class CardListView(LedgerView):
    """A phone list of requests (cards), one extra query for the page's rows."""

    template_name = "finance/requests_cards.html"
    paginate_by = 20
    title: str | Promise = ""
    empty: str | Promise = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        wanted = [pk for pk, _values in context.get("rows", [])]
        found = self.get_queryset().filter(pk__in=wanted).select_related(*CARD_RELATED)
        by_pk = {row.pk: row for row in found}
        context.update(
            requests=[by_pk[pk] for pk in wanted if pk in by_pk],
            title=self.title,
            empty=self.empty,
            verbose_name_plural=self.title,
        )
        return context


class InboxView(CardListView):
    """待我审批: the requests waiting at a tier this person takes now (the to-do links here)."""

    title = gettext_lazy("Approvals waiting for me")
    empty = gettext_lazy("Nothing waits for your approval.")

    def get_queryset(self):
        user = access.signed_in(self.request.user)
        return super().get_queryset().filter(services.waiting_for(user))


class MyRequestsView(CardListView):
    """我的请购: the requester's own requests, newest first."""

    title = gettext_lazy("My purchase requests")
    empty = gettext_lazy("You have not requested anything yet.")

    def get_queryset(self):
        return super().get_queryset().filter(requested_by=self.request.user)


class RequestFormView(ScopedViewMixin, TemplateView):
    """The request and its items on one phone-sized page; saved as a draft through the service."""

    model = PurchaseRequest
    action = "add"
    template_name = "finance/request_form.html"
    instance: PurchaseRequest | None = None

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.school_id is None:
            raise PermissionDenied(_("Only members of a school can request purchases."))
        return super().dispatch(request, *args, **kwargs)

    def forms(self):
        data, files = (
            (self.request.POST, self.request.FILES)
            if self.request.method == "POST"
            else (None, None)
        )
        user = access.signed_in(self.request.user)
        form = RequestForm(data, files, user=user, instance=self.instance)
        return form, item_formset(data, instance=self.instance)

    def get(self, request, *args, **kwargs):
        form, items = self.forms()
        return self.render(form, items)

    def post(self, request, *args, **kwargs):
        form, items = self.forms()
        if form.is_valid() and items.is_valid():
            try:
                saved = self.save(form, items)
            except TransitionRefused as exc:
                messages.error(request, exc.messages[0])
                return self.render(form, items, status=exc.status_code)
            except ValidationError as exc:
                for name, problems in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                messages.success(
                    request,
                    _("Request %(number)s saved as a draft: submit it when it is complete.")
                    % {"number": saved.number},
                )
                return HttpResponseRedirect(saved.get_absolute_url())
        return self.render(form, items, status=400)

    def save(self, form: RequestForm, items) -> PurchaseRequest:
        return services.request_create(
            actor=access.signed_in(self.request.user),
            data=form.request_input(items.items()),
            attachments=form.cleaned_data["attachments"],
        )

    def render(self, form, items, status=200):
        context = self.get_context_data(form=form, items=items, instance=self.instance)
        return TemplateResponse(self.request, self.template_name, context, status=status)


class RequestEditView(RequestFormView):
    """Change a draft (a returned request included): its fields and all its items."""

    action = "change"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            rows = access.scope(request.user, PurchaseRequest.objects.all(), "change")
            self.instance = get_object_or_404(rows, pk=kwargs["pk"])
            if self.instance.status != RequestStatus.DRAFT:
                messages.error(request, _("Only a draft can be changed."))
                return HttpResponseRedirect(self.instance.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def save(self, form: RequestForm, items) -> PurchaseRequest:
        assert self.instance is not None
        return services.request_update(
            request=self.instance,
            actor=access.signed_in(self.request.user),
            data=form.request_input(items.items()),
            attachments=form.cleaned_data["attachments"],
        )


class RequestDetailView(ObjectDetailView):
    """One request: its items, documents, approvals, the buttons of the steps the reader may
    take now; approvers see the splitting warning and the public-procurement marking."""

    model = PurchaseRequest
    template_name = "finance/request_detail.html"
    queryset = PurchaseRequest.objects.select_related(
        "requested_by", "department__head", "budget_line__budget_year"
    ).prefetch_related(
        "items",
        "attachments",
        Prefetch("approvals", queryset=Approval.objects.select_related("approver")),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj: PurchaseRequest = context["object"]
        user = access.signed_in(self.request.user)
        steps = {
            name: step
            for name, step in steps_for(PURCHASE_WORKFLOW, user, obj).items()
            if name in OWN_STEPS
        }
        approver_view = "approve" in steps or bool(user.role_codes & FINANCE_READERS)
        warning = None
        if obj.status == RequestStatus.PENDING and approver_view:
            warning = procurement.split_warning(obj, FinanceSettings.of(obj.school_id))
        context.update(
            steps=steps,
            step_form=kwargs.get("step_form") or StepForm(),
            collective=obj.level == "collective",
            split_warning=warning,
            approver_view=approver_view,
            can_edit=obj.status == RequestStatus.DRAFT
            and access.scope(user, PurchaseRequest.objects.all(), "change")
            .filter(pk=obj.pk)
            .exists(),
            request_obj=obj,
            tier_labels=[ApprovalLevel(level).label for level in obj.levels],
            items=list(obj.items.all()),
            attachments=list(obj.attachments.all()),
            approvals=list(obj.approvals.all()),
        )
        context.update(purchasing_context(user, obj))  # the quotes and the order (purchasing part)
        context.update(delivery_context(user, obj))  # acceptances and payments (delivery part)
        return context


class RequestStepView(TransitionView, RequestDetailView):
    """POST /finance/requests/<pk>/<step>/: one declared step through its service; a refusal
    shows the page with its sentence (403/409), invalid data with the form's errors (400)."""

    workflow = PURCHASE_WORKFLOW

    def take(self, transition, obj):
        if transition.name not in OWN_STEPS:
            raise Http404
        form = StepForm(self.request.POST, self.request.FILES)
        if form.is_valid():
            try:
                done = services.STEP_SERVICES[transition.name](
                    request=obj,
                    actor=access.signed_in(self.request.user),
                    **form.step_data(transition.name),
                )
            except TransitionRefused:
                raise
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(self.request, message)
            else:
                messages.success(self.request, _("Done: %(step)s.") % {"step": transition.label})
                warning = getattr(done, "budget_warning", "")
                if warning:
                    messages.warning(self.request, warning)
                return HttpResponseRedirect(obj.get_absolute_url())
        context = self.get_context_data(object=obj, step_form=form)
        return TemplateResponse(self.request, self.template_name, context, status=400)


class AttachmentView(ScopedViewMixin, View):
    """A request's document, served only to those who may read the request."""

    model = RequestAttachment

    def get(self, request, pk):
        document = get_object_or_404(self.get_queryset(), pk=pk)
        return FileResponse(
            document.file.open("rb"), as_attachment=True, filename=document.name or "document"
        )


class MinutesView(ScopedViewMixin, View):
    """The minutes of a collective decision (三重一大), read through the request's rule."""

    model = Approval

    def get(self, request, pk):
        approval = get_object_or_404(self.get_queryset(), pk=pk)
        if not approval.minutes:
            raise Http404
        name = approval.minutes.name.rsplit("/", 1)[-1]
        return FileResponse(approval.minutes.open("rb"), as_attachment=True, filename=name)
