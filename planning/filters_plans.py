"""Filters of the plans part: one FilterSet per list serves the page, the API and the export."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet
from planning.models import Goal, Kpi, Milestone, Plan


class PlanFilterSet(ScopedFilterSet):
    search_fields = ("title", "summary")

    class Meta:
        model = Plan
        fields = ["q", "status", "first_year"]


class GoalFilterSet(ScopedFilterSet):
    search_fields = ("title", "measures")

    class Meta:
        model = Goal
        fields = ["q", "plan", "area"]


class KpiFilterSet(ScopedFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Kpi
        fields = ["q", "plan", "goal", "kind"]


class MilestoneFilterSet(ScopedFilterSet):
    search_fields = ("title",)
    done = django_filters.BooleanFilter(
        field_name="done_at", lookup_expr="isnull", exclude=True, label=_("Done")
    )

    class Meta:
        model = Milestone
        fields = ["q", "plan", "goal", "done"]
