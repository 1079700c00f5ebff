"""One FilterSet for the purchase ledger, its Excel export, the inbox, the metrics' links and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet
from core.forms import DateInput
from core.models import Department
from finance.choices import EconomicCategory, ProcurementMethod, RequestStatus
from finance.models import PurchaseRequest


class PurchaseRequestFilterSet(ScopedFilterSet):
    search_fields = ("number", "title")
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=RequestStatus.choices)
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.all()
    )
    category = django_filters.ChoiceFilter(
        label=_("Economic category"),
        choices=EconomicCategory.choices,
        field_name="budget_line__category",
    )
    year = django_filters.NumberFilter(
        label=_("Budget year"),
        field_name="budget_line__budget_year__year",
        min_value=2000,
        max_value=2100,
    )
    method = django_filters.ChoiceFilter(
        label=_("Procurement method"), choices=ProcurementMethod.choices
    )
    amount_min = django_filters.NumberFilter(
        field_name="amount", lookup_expr="gte", label=_("Amount from"), min_value=0
    )
    amount_max = django_filters.NumberFilter(
        field_name="amount", lookup_expr="lte", label=_("Amount to"), min_value=0
    )
    approved_from = django_filters.DateFilter(
        field_name="approved_at",
        lookup_expr="date__gte",
        label=_("Approved from"),
        widget=DateInput,
    )
    approved_before = django_filters.DateFilter(
        field_name="approved_at",
        lookup_expr="date__lt",
        label=_("Approved before"),
        widget=DateInput,
    )
    waiting = django_filters.ChoiceFilter(
        label=_("Waiting"),
        choices=[("me", _("for my approval"))],
        method="filter_waiting",
    )
    mine = django_filters.BooleanFilter(label=_("My requests"), method="filter_mine")

    class Meta:
        model = PurchaseRequest
        fields = [
            "q",
            "status",
            "department",
            "category",
            "year",
            "method",
            "amount_min",
            "amount_max",
            "approved_from",
            "approved_before",
            "waiting",
            "mine",
        ]

    def filter_waiting(self, queryset, name, value):
        from finance.services.requests import waiting_for

        user = getattr(self.request, "user", None)
        if value != "me" or user is None:
            return queryset
        return queryset.filter(waiting_for(user))

    def filter_mine(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        if value is None or user is None:
            return queryset
        return queryset.filter(requested_by=user) if value else queryset.exclude(requested_by=user)
