"""Movements, loans and disposals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from assets import filters, forms, services, tables
from assets.choices import DisposalStatus
from assets.models import (
    AssetMovement,
    DisposalRequest,
)
from assets.views.common import LimitedLinksMixin, _errors
from core import access
from core.views.generic import (
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
)


class MovementListView(LimitedLinksMixin, ObjectListView):
    model = AssetMovement
    queryset = AssetMovement.objects.all()
    filterset_class = filters.MovementFilterSet
    table_class = tables.MovementTable


class OverdueLoansView(MovementListView):
    """Loans past their due date and not returned."""

    def base_queryset(self):
        return services.overdue_loans(AssetMovement.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["verbose_name_plural"] = _("Overdue loans")
        return context


class MovementDetailView(LimitedLinksMixin, ObjectDetailView):
    model = AssetMovement
    detail_fields = [
        "asset",
        "kind",
        "date",
        "actor",
        "from_room",
        "to_room",
        "from_custodian",
        "to_custodian",
        "to_class",
        "status_before",
        "status_after",
        "due_date",
        "returned",
        "reason",
    ]


class DisposalListView(LimitedLinksMixin, ObjectListView):
    model = DisposalRequest
    filterset_class = filters.DisposalRequestFilterSet
    table_class = tables.DisposalRequestTable


class DisposalDetailView(LimitedLinksMixin, ObjectDetailView):
    model = DisposalRequest
    template_name = "assets/disposal_detail.html"
    detail_fields = [
        "asset",
        "reason",
        "requested_by",
        "status",
        "decided_by",
        "decided_at",
        "decision_note",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_decide"] = (
            access.can(self.request.user, DisposalRequest, "approve")
            and context["object"].status == DisposalStatus.PENDING
        )
        context["decision_form"] = forms.DecisionForm(user=self.request.user)
        return context


class DisposalDecideView(ScopedViewMixin, View):
    """The director approves or rejects a disposal request."""

    model = DisposalRequest
    action = "approve"

    def post(self, request, pk):
        found = get_object_or_404(self.get_queryset(), pk=pk)
        form = forms.DecisionForm(request.POST, user=request.user)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        try:
            services.disposal_decide(
                request=found,
                actor=request.user,
                approve=request.POST.get("decision") == "approve",
                note=note,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        else:
            messages.success(request, _("Decision recorded."))
        return redirect(found.get_absolute_url())
