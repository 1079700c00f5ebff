"""Visitors (访客登记) and duty rosters (值班表)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View

from core.resources import Resource
from core.views.generic import (
    ScopedViewMixin,
)
from safety import filters, forms, services, tables
from safety.api.views import VisitorActions
from safety.models import (
    DutyRoster,
    DutyShift,
    Visitor,
)
from safety.views.common import _errors

visitor = Resource(
    model=Visitor,
    fields=["name", "id_last4", "unit", "reason", "host", "time_in"],
    show=["name", "id_last4", "unit", "reason", "host", "time_in", "time_out"],
    table=tables.VisitorTable,
    filterset=filters.VisitorFilterSet,
    form_base=forms.VisitorForm,
    url_prefix="visitors",
    api_prefix="visitors",
    api_read_only=["time_out"],  # set by the check-out step
    api_ordering=["time_in"],
    viewset_base=VisitorActions,
    related_template="safety/includes/visitor_checkout.html",
)


roster = Resource(
    model=DutyRoster,
    fields=["name", "holiday", "start", "end", "leader_phone"],
    table=tables.DutyRosterTable,
    filterset=filters.DutyRosterFilterSet,
    form_base=forms.DutyRosterForm,
    queryset=DutyRoster.objects.select_related("holiday"),
    url_prefix="duty",
    api_prefix="duty-rosters",
    api_ordering=["start"],
    related_template="safety/includes/roster_shifts.html",
)


shift = Resource(
    model=DutyShift,
    fields=["roster", "date", "person", "is_leader", "note"],
    table=tables.DutyShiftTable,
    filterset=filters.DutyShiftFilterSet,
    form_base=forms.DutyShiftForm,
    queryset=DutyShift.objects.select_related("roster", "person"),
    url_prefix="duty-shifts",
    api_prefix="duty-shifts",
    api_ordering=["date"],
)


class VisitorCheckOutView(ScopedViewMixin, View):
    model = Visitor
    action = "change"

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            services.visitor_check_out(visitor=obj, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Time out recorded."))
        return redirect(request.POST.get("next") or obj.get_absolute_url())
