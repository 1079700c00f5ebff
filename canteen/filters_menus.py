"""Filters of the menus part: one FilterSet per list serves the page, the API and the export."""

from __future__ import annotations

import django_filters
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from canteen.models import BannedFood, Dish, MenuEntry, WeeklyMenu
from core.filters import ArchivedFilterMixin, ScopedFilterSet


def late_q() -> Q:
    """Menus not published before their Monday (in school time): late, or not published."""
    return Q(published_at__isnull=True) | Q(published_at__date__gte=F("week_start"))


class DishFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name", "main_ingredients")

    class Meta:
        model = Dish
        fields = ["q", "category"]


class BannedFoodFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name", "keywords", "reason")

    class Meta:
        model = BannedFood
        fields = ["q", "national"]


class WeeklyMenuFilterSet(ScopedFilterSet):
    search_fields = ("notes",)
    week_from = django_filters.DateFilter(
        field_name="week_start", lookup_expr="gte", label=_("Weeks from")
    )
    week_until = django_filters.DateFilter(
        field_name="week_start", lookup_expr="lte", label=_("Weeks until")
    )
    published_late = django_filters.BooleanFilter(
        method="filter_published_late", label=_("Published after the week began")
    )

    class Meta:
        model = WeeklyMenu
        fields = ["q", "status", "week_from", "week_until", "published_late"]

    def filter_published_late(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(late_q()) if value else queryset.exclude(late_q())


class MenuEntryFilterSet(ScopedFilterSet):
    class Meta:
        model = MenuEntry
        fields = ["menu", "day", "meal", "dish"]
