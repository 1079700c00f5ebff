"""Registers: fire equipment (消防器材) and drills (演练)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core import access
from core.models import Term
from core.resources import Resource
from core.views.generic import (
    ScopedViewMixin,
)
from safety import filters, forms, selectors, services, tables
from safety.api.views import EquipmentActions
from safety.choices import CheckResult
from safety.models import (
    Drill,
    FireEquipment,
)
from safety.views.common import _errors, _flatten

equipment = Resource(
    model=FireEquipment,
    fields=[
        "kind",
        "code",
        "agent",
        "capacity",
        "room",
        "production_date",
        "next_service_date",
        "expiry_date",
    ],
    show=[
        "kind",
        "code",
        "agent",
        "capacity",
        "room",
        "production_date",
        "last_checked_on",
        "next_service_date",
        "expiry_date",
    ],
    table=tables.FireEquipmentTable,
    filterset=filters.FireEquipmentFilterSet,
    form_base=forms.FireEquipmentForm,
    queryset=FireEquipment.objects.select_related("room__building"),
    url_prefix="fire-equipment",
    api_prefix="fire-equipment",
    api_read_only=["last_checked_on"],  # set by the check step
    api_ordering=["next_service_date", "expiry_date", "code"],
    viewset_base=EquipmentActions,
    list_actions_template="safety/includes/equipment_list_actions.html",
    related_template="safety/includes/equipment_checks.html",
)


drill = Resource(
    model=Drill,
    fields=[
        "drill_type",
        "title",
        "date",
        "status",
        "building",
        "participants",
        "evacuation_seconds",
        "notes",
        "photo",
    ],
    show=[
        "drill_type",
        "title",
        "date",
        "status",
        "building",
        "participants",
        "evacuation_seconds",
        "notes",
    ],  # the photo is shown by the related panel
    table=tables.DrillTable,
    filterset=filters.DrillFilterSet,
    form_base=forms.DrillForm,
    queryset=Drill.objects.select_related("building"),
    url_prefix="drills",
    api_prefix="drills",
    api_ordering=["date"],
    list_actions_template="safety/includes/drill_list_actions.html",
    related_template="safety/includes/photo.html",
)


class FireCheckView(ScopedViewMixin, View):
    model = FireEquipment
    action = "change"

    def post(self, request, pk):
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        form = forms.FireCheckForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(_flatten(form)))
            return redirect(obj.get_absolute_url())
        before = services.open_equipment_hazard(obj)
        try:
            services.fire_equipment_check(equipment=obj, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            return redirect(obj.get_absolute_url())
        messages.success(request, _("Check recorded."))
        hazard = services.open_equipment_hazard(obj)
        if hazard is not None and form.cleaned_data["result"] == CheckResult.DEFECTIVE:
            told = (
                _("A hazard was opened: {link}")
                if before is None
                else _("The defect was added to the hazard already open: {link}")
            )
            link = format_html('<a href="{}">{}</a>', hazard.get_absolute_url(), hazard)
            messages.warning(request, format_html(told, link=link))
        return redirect(obj.get_absolute_url())


class DrillTermView(ScopedViewMixin, TemplateView):
    """A term at a glance: months (quarters) without a drill, evacuations slower than 2 minutes."""

    model = Drill
    template_name = "safety/drill_term.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = access.signed_in(self.request.user)
        terms = access.scope(user, Term).filter(school_id=user.school_id).order_by("-start")
        chosen = self.request.GET.get("term")
        term = (
            terms.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
        ) or selectors.current_term(user)
        context.update(
            terms=list(terms),
            report=selectors.drill_term_report(user, term) if term else None,
        )
        return context
