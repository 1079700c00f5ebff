"""Filters of the sample log, the refrigerators, their temperatures and the check's flags: one
FilterSet per list serves the HTML list, its Excel export and the API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen.models import (
    SAMPLE_KEEP_HOURS,
    Dish,
    FoodSample,
    FridgeTemperature,
    SampleFlag,
    SampleFridge,
)
from canteen.models.samples import DISPOSAL_MARGIN_HOURS
from core.filters import ArchivedFilterMixin, ScopedFilterSet
from core.models import Room


def _day_range(field: str = "day") -> tuple[django_filters.DateFilter, django_filters.DateFilter]:
    return (
        django_filters.DateFilter(field_name=field, lookup_expr="gte", label=_("From")),
        django_filters.DateFilter(field_name=field, lookup_expr="lte", label=_("Until")),
    )


def due_for_disposal(now: dt.datetime | None = None) -> Q:
    """Kept its 48 hours and still in the refrigerator."""
    now = now or timezone.now()
    return Q(disposed_at__isnull=True, taken_at__lte=now - dt.timedelta(hours=SAMPLE_KEEP_HOURS))


def not_disposed_in_time(now: dt.datetime | None = None) -> Q:
    """Past its 48 hours and the margin, and still not disposed (what the check flags)."""
    now = now or timezone.now()
    late = now - dt.timedelta(hours=SAMPLE_KEEP_HOURS + DISPOSAL_MARGIN_HOURS)
    return Q(disposed_at__isnull=True, taken_at__lt=late)


class SampleFridgeFilterSet(ScopedFilterSet):
    search_fields = ("number", "name", "room__name")
    room = django_filters.ModelChoiceFilter(
        queryset=Room.objects.select_related("building"), label=_("Location")
    )

    class Meta:
        model = SampleFridge
        fields = ["q", "room", "active"]


class FridgeTemperatureFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("fridge__number", "fridge__name", "note")
    fridge = django_filters.ModelChoiceFilter(
        queryset=SampleFridge.objects.all(), label=_("Refrigerator")
    )
    day_from, day_until = _day_range()
    out_of_range = django_filters.BooleanFilter(label=_("Outside 0–8 °C"))

    class Meta:
        model = FridgeTemperature
        fields = ["q", "fridge", "period", "day_from", "day_until", "out_of_range"]


class FoodSampleFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("dish__name", "sampler__last_name", "sampler__first_name")
    dish = django_filters.ModelChoiceFilter(queryset=Dish.objects.all(), label=_("Dish"))
    fridge = django_filters.ModelChoiceFilter(
        queryset=SampleFridge.objects.all(), label=_("Refrigerator")
    )
    day_from, day_until = _day_range()
    underweight = django_filters.BooleanFilter(label=_("Underweight"))
    disposed = django_filters.BooleanFilter(
        label=_("Disposed"), field_name="disposed_at", lookup_expr="isnull", exclude=True
    )
    due = django_filters.BooleanFilter(label=_("Due for disposal"), method="filter_due")
    overdue = django_filters.BooleanFilter(label=_("Not disposed in time"), method="filter_overdue")

    class Meta:
        model = FoodSample
        fields = [
            "q",
            "meal",
            "dish",
            "fridge",
            "day_from",
            "day_until",
            "underweight",
            "disposed",
            "due",
            "overdue",
        ]

    def filter_due(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(due_for_disposal()) if value else queryset.exclude(due_for_disposal())
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = not_disposed_in_time()
        return queryset.filter(late) if value else queryset.exclude(late)


class SampleFlagFilterSet(ScopedFilterSet):
    search_fields = ("detail",)
    day_from, day_until = _day_range()

    class Meta:
        model = SampleFlag
        fields = ["q", "kind", "meal", "day_from", "day_until"]
