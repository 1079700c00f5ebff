"""Class and office property (班级公物): term checks and compensation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from assets import filters, forms, services, tables
from assets.models import (
    Asset,
    Compensation,
    PropertyCheck,
)
from assets.views.common import LimitedLinksMixin, _errors
from core import access
from core.views.generic import (
    ObjectDetailView,
    ObjectListView,
    ScopedViewMixin,
)


class PropertyCheckListView(LimitedLinksMixin, ObjectListView):
    links = frozenset({"add"})
    model = PropertyCheck
    queryset = PropertyCheck.objects.all()
    filterset_class = filters.PropertyCheckFilterSet
    table_class = tables.PropertyCheckTable


class PropertyCheckDetailView(LimitedLinksMixin, ObjectDetailView):
    model = PropertyCheck
    template_name = "assets/propertycheck_detail.html"
    detail_fields = ["school_class", "kind", "date", "checked_by", "notes"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        check = context["object"]
        context["property"] = access.scope(
            self.request.user, Asset.objects.filter(responsible_class=check.school_class)
        ).select_related("room")[:200]
        context["compensations"] = access.scope(
            self.request.user, Compensation.objects.filter(property_check=check)
        )
        return context


class PropertyCheckCreateView(ScopedViewMixin, TemplateView):
    model = PropertyCheck
    action = "add"
    template_name = "assets/move_form.html"

    def get(self, request, *args, **kwargs):
        return self.show(forms.PropertyCheckForm(user=request.user))

    def post(self, request, *args, **kwargs):
        form = forms.PropertyCheckForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.show(form, status=400)
        data = form.cleaned_data
        damages = []
        if data["damage"]:
            damages.append((data["damage_asset"], data["damage"], data["amount"]))
        try:
            check = services.property_check_record(
                school_class=data["school_class"],
                actor=request.user,
                kind=data["kind"],
                date=data["date"],
                notes=data["notes"],
                damages=damages,
            )
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
            return self.show(form, status=400)
        return redirect(check.get_absolute_url())

    def show(self, form, status=200):
        context = self.get_context_data(form=form, title=_("Record a class property check"))
        return TemplateResponse(self.request, self.template_name, context, status=status)


class CompensationListView(LimitedLinksMixin, ObjectListView):
    model = Compensation
    queryset = Compensation.objects.all()
    filterset_class = filters.CompensationFilterSet
    table_class = tables.CompensationTable


class CompensationDetailView(LimitedLinksMixin, ObjectDetailView):
    model = Compensation
    template_name = "assets/compensation_detail.html"
    detail_fields = [
        "school_class",
        "description",
        "asset",
        "amount",
        "status",
        "property_check",
        "settled_on",
        "settled_by",
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_settle"] = (
            access.can(self.request.user, Compensation, "change")
            and context["object"].status == "due"
        )
        context["settle_form"] = forms.SettleForm(user=self.request.user)
        return context


class CompensationSettleView(ScopedViewMixin, View):
    model = Compensation
    action = "change"

    def post(self, request, pk):
        found = get_object_or_404(self.get_queryset(), pk=pk)
        form = forms.SettleForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Mark it paid or waived."))
            return redirect(found.get_absolute_url())
        try:
            services.compensation_settle(
                compensation=found, actor=request.user, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(_errors(exc)))
        return redirect(found.get_absolute_url())
