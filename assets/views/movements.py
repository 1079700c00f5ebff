"""Movements, loans and disposals."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from assets import filters, forms, services, tables
from assets.models import (
    AssetMovement,
    DisposalRequest,
)
from assets.views.common import LimitedLinksMixin
from assets.workflow import DISPOSAL_WORKFLOW
from core import access
from core.views.generic import (
    ObjectDetailView,
    ObjectListView,
)
from core.views.workflow import TransitionView, steps_for


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
        # The buttons: assets.workflow (approve / reject, the director, while pending).
        context["steps"] = steps_for(DISPOSAL_WORKFLOW, self.request.user, context["object"])
        context["decision_form"] = forms.DecisionForm(user=self.request.user)
        return context


class DisposalDecideView(TransitionView, DisposalDetailView):
    """POST disposals/<pk>/decide/ with decision=approve|reject: one declared step."""

    workflow = DISPOSAL_WORKFLOW

    def post(self, request, *args, **kwargs):
        kwargs["step"] = "approve" if request.POST.get("decision") == "approve" else "reject"
        return super().post(request, *args, **kwargs)

    def take(self, transition, obj):
        form = forms.DecisionForm(self.request.POST, user=self.request.user)
        if not form.is_valid():
            messages.error(
                self.request, " ".join(str(m) for ms in form.errors.values() for m in ms)
            )
            return self.render_refused(obj, status=400)
        services.DISPOSAL_STEPS[transition.name](
            request=obj, actor=access.signed_in(self.request.user), note=form.cleaned_data["note"]
        )
        messages.success(self.request, _("Decision recorded."))
        return redirect(obj.get_absolute_url())
