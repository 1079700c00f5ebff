"""Filters of the plans part: one FilterSet per list serves the page, the API and the export."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet
from planning.choices_plans import PlanStatus
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


def overdue_at(day: dt.date) -> Q:
    """Milestones of approved plans due before `day` and not done by then (the metric's rows)."""
    zone = timezone.get_current_timezone()
    cutoff = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    return Q(plan__status=PlanStatus.APPROVED, due__lt=day) & (
        Q(done_at__isnull=True) | Q(done_at__gte=cutoff)
    )


class MilestoneFilterSet(ScopedFilterSet):
    search_fields = ("title",)
    done = django_filters.BooleanFilter(
        field_name="done_at", lookup_expr="isnull", exclude=True, label=_("Done")
    )
    overdue_at = django_filters.DateFilter(
        method="filter_overdue_at", label=_("Overdue on (not done by that day)")
    )

    class Meta:
        model = Milestone
        fields = ["q", "plan", "goal", "done", "overdue_at"]

    def filter_overdue_at(self, queryset, name, value):
        return queryset.filter(overdue_at(value)) if value else queryset
