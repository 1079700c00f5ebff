"""The monthly expenditure disclosure's pages: list, draft, detail with its steps (declared in
finance.workflow_disclosure), the printable notice (PDF). The public page is in
finance.views.disclosure_public (an open view, listed in tests/core/test_guard.py)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core import access
from core.filters import ScopedFilterSet
from core.forms import DateInput, ScopedForm
from core.pdf import pdf_response, render_pdf
from core.tables import Column, Table
from core.views.generic import ObjectDetailView, ObjectListView, ScopedViewMixin
from core.views.workflow import TransitionView, steps_for
from finance.choices import DisclosureStatus
from finance.models import ExpenditureDisclosure
from finance.services import disclosure as services
from finance.workflow_disclosure import DISCLOSURE_WORKFLOW


class DisclosureTable(Table):
    model = ExpenditureDisclosure
    columns = [
        Column("month", gettext_lazy("Month"), link=True, width=12),
        Column("status", gettext_lazy("Status"), width=14),
        Column("is_public", gettext_lazy("Shown on the public page"), width=10),
        Column("drafted_by__last_name", gettext_lazy("Drafted by (family name)"), width=12),
        Column("drafted_by__first_name", gettext_lazy("Drafted by (given name)"), width=12),
        Column("approved_at", gettext_lazy("Approved at"), width=18),
    ]


class DisclosureFilterSet(ScopedFilterSet):
    class Meta:
        model = ExpenditureDisclosure
        fields = ["status", "is_public"]


def last_month() -> dt.date:
    return services.month_start(services.month_start(timezone.localdate()) - dt.timedelta(days=1))


class DraftForm(ScopedForm):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        widget=DateInput(),
        help_text=gettext_lazy("Any day of the month."),
    )
    is_public = forms.BooleanField(
        label=gettext_lazy("Show on the public page once published"), required=False
    )


class StepForm(ScopedForm):
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


class DisclosureUrls:
    """The pages are named finance:disclosure_* (not the model's long name)."""

    def url_name(self, suffix: str) -> str:
        return f"finance:disclosure_{suffix}"


class DisclosureListView(DisclosureUrls, ObjectListView):
    model = ExpenditureDisclosure
    filterset_class = DisclosureFilterSet
    table_class = DisclosureTable
    queryset = ExpenditureDisclosure.objects.select_related("drafted_by")


class DisclosureCreateView(DisclosureUrls, ScopedViewMixin, TemplateView):
    """The director drafts a month's disclosure (last month by default)."""

    model = ExpenditureDisclosure
    action = "add"
    template_name = "core/object_form.html"

    def get(self, request, *args, **kwargs):
        form = DraftForm(initial={"month": last_month()}, user=request.user)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = DraftForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                disclosure = services.disclosure_draft(
                    actor=access.signed_in(request.user),
                    month=form.cleaned_data["month"],
                    is_public=form.cleaned_data["is_public"],
                )
            except ValidationError as exc:
                for name, problems in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                messages.success(request, _("Saved."))
                return redirect(disclosure.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


def shown_content(disclosure: ExpenditureDisclosure) -> dict:
    """A draft shows the figures as they are now; once submitted, the frozen content."""
    if disclosure.status == DisclosureStatus.DRAFT:
        return services.disclosure_content(disclosure.school_id, disclosure.month)
    return services.labelled(disclosure.content)


class DisclosureDetailView(DisclosureUrls, ObjectDetailView):
    model = ExpenditureDisclosure
    template_name = "finance/disclosure_detail.html"
    queryset = ExpenditureDisclosure.objects.select_related("drafted_by", "approved_by")
    detail_fields = ["month", "status", "is_public", "drafted_by", "approved_by", "approved_at"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = context["object"]
        context.update(
            content=shown_content(obj),
            steps=steps_for(DISCLOSURE_WORKFLOW, self.request.user, obj),
            step_form=StepForm(user=self.request.user),
            public_url=public_url(obj),
        )
        return context


def public_url(disclosure: ExpenditureDisclosure) -> str:
    """The public page's address, once the disclosure is published and the school made it public."""
    if disclosure.status != DisclosureStatus.PUBLISHED or not disclosure.is_public:
        return ""
    return reverse("finance:disclosure_public", args=[disclosure.public_token])


class DisclosureStepView(TransitionView, DisclosureDetailView):
    """POST disclosures/<pk>/<step>/ (submit, approve, return): one declared step."""

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


class DisclosureNoticeView(DisclosureUrls, ScopedViewMixin, View):
    """The published disclosure as an A4 notice (财务公开) to post on the notice board."""

    model = ExpenditureDisclosure

    def get(self, request, pk):
        disclosure = get_object_or_404(
            self.get_queryset().select_related("school", "approved_by"), pk=pk
        )
        if disclosure.status != DisclosureStatus.PUBLISHED:
            messages.error(
                request, _("Only a published expenditure disclosure is printed as a notice.")
            )
            return redirect(disclosure.get_absolute_url())
        context = {
            "object": disclosure,
            "school": disclosure.school,
            "content": services.labelled(disclosure.content),
        }
        pdf = render_pdf("finance/disclosure_notice.html", context, request=request)
        return pdf_response(pdf, f"disclosure-{disclosure.month:%Y-%m}.pdf")
