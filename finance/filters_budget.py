"""Filters of the budget lists (list page, API and export alike)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ArchivedFilterMixin, ScopedFilterSet
from core.models import Department
from finance.choices import AdjustmentStatus, EconomicCategory
from finance.models import BudgetAdjustment, BudgetLine, BudgetYear


class BudgetYearFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    class Meta:
        model = BudgetYear
        fields = ["status"]


class BudgetLineFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name", "notes")
    year = django_filters.NumberFilter(label=_("Year"), field_name="budget_year__year")
    category = django_filters.ChoiceFilter(label=_("Economic category"), choices=EconomicCategory)
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("Department")
    )
    committed = django_filters.BooleanFilter(
        label=_("With money committed"), method="filter_committed"
    )

    class Meta:
        model = BudgetLine
        fields = ["q", "year", "category", "department", "control", "committed"]

    def filter_committed(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(committed__gt=0) if value else queryset.filter(committed=0)


class ExecutionFilterSet(ScopedFilterSet):
    year = django_filters.NumberFilter(label=_("Year"), field_name="budget_year__year")
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.all(), label=_("Department")
    )
    category = django_filters.ChoiceFilter(label=_("Economic category"), choices=EconomicCategory)

    class Meta:
        model = BudgetLine
        fields = ["year", "department", "category"]


class BudgetAdjustmentFilterSet(ScopedFilterSet):
    search_fields = ("reason", "from_line__name", "to_line__name")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AdjustmentStatus)

    class Meta:
        model = BudgetAdjustment
        fields = ["q", "status"]
