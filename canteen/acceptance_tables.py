"""Lists of goods acceptance and meal costs: their Tables (list = export) and FilterSets (list,
API and export alike)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen.models import CostDisclosure, Delivery, DeliveryLine, DinerCount, MealIncome
from canteen.models.acceptance import LineResult, add_months
from core import search
from core.filters import ArchivedFilterMixin, ScopedFilterSet
from core.forms import DateInput
from core.models import Supplier
from core.tables import Column, Table


def _name(prefix: str) -> Concat:
    return Concat(f"{prefix}__last_name", f"{prefix}__first_name")


def delivery_rows() -> QuerySet:
    """Deliveries with the names and sums their list shows (one query for a page)."""
    accepted = Q(lines__result=LineResult.ACCEPTED)
    return Delivery.objects.annotate(
        acceptor_name=_name("acceptor"),
        second_acceptor_name=Coalesce(_name("second_acceptor"), Value("")),
        line_count=Count("lines"),
        refused_count=Count("lines", filter=Q(lines__result=LineResult.REFUSED)),
        accepted_amount=Coalesce(
            Sum("lines__amount", filter=accepted), Value(0), output_field=DecimalField()
        ),
    )


def ledger_rows() -> QuerySet:
    return DeliveryLine.objects.annotate(
        acceptor_name=_name("delivery__acceptor"),
        second_acceptor_name=Coalesce(_name("delivery__second_acceptor"), Value("")),
    )


class DeliveryTable(Table):
    model = Delivery
    columns = [
        Column("date", _("Delivery date"), link=True, width=12),
        Column("supplier__name", _("Supplier"), link=True, width=24),
        Column("acceptor_name", _("Acceptor"), width=10),
        Column("second_acceptor_name", _("Second acceptor"), width=10),
        Column("is_bulk", _("Bulk food"), kind="bool", width=8),
        Column("line_count", _("Products"), kind="int", width=8),
        Column("refused_count", _("Refused"), kind="int", width=8),
        Column("accepted_amount", _("Accepted amount"), kind="money", width=12),
    ]


class LedgerTable(Table):
    """进货查验记录台账: one row per product delivered."""

    model = DeliveryLine
    columns = [
        Column("delivery__date", _("Delivery date"), width=12),
        Column("delivery__supplier__name", _("Supplier"), width=22),
        Column("product", _("Product"), link=True, width=16),
        Column("category", _("Category"), width=10),
        Column("specification", _("Specification"), width=12),
        Column("quantity", _("Quantity"), width=9),
        Column("unit", _("Unit"), width=6),
        Column("unit_price", _("Unit price"), kind="money", width=10),
        Column("amount", _("Amount"), kind="money", width=11),
        Column("batch", _("Batch"), width=12),
        Column("production_date", _("Production date"), width=12),
        Column("shelf_life_days", _("Shelf life (days)"), width=8),
        Column("expiry_date", _("Expiry date"), width=12),
        Column("sensory_ok", _("Sensory check passed"), width=8),
        Column("result", _("Result"), width=8),
        Column("refusal_reason", _("Reason for refusal"), width=20),
        Column("refused_action", _("Refused goods were"), width=12),
        Column("acceptor_name", _("Acceptor"), width=10),
        Column("second_acceptor_name", _("Second acceptor"), width=10),
    ]


class DinerCountTable(Table):
    model = DinerCount
    columns = [
        Column("day", _("Day"), link=True, width=12),
        Column("meal", _("Meal"), link=True, width=8),
        Column("students", _("Students"), width=10),
        Column("staff", _("Staff"), width=10),
        Column("notes", _("Notes"), width=24),
    ]


class MealIncomeTable(Table):
    model = MealIncome
    columns = [
        Column("month", _("Month"), link=True, width=12),
        Column("amount", _("Meal fees received"), kind="money", width=14),
        Column("notes", _("Notes"), width=30),
    ]


class CostDisclosureTable(Table):
    model = CostDisclosure
    columns = [
        Column("month", _("Month"), link=True, width=12),
        Column("status", _("Status"), width=12),
        Column("income", _("Income"), kind="money", width=12),
        Column("food_cost", _("Food cost"), kind="money", width=12),
        Column("balance", _("Balance"), kind="money", width=12),
        Column("cost_per_meal", _("Cost per diner per meal"), kind="money", width=12),
        Column("notes", _("Notes"), width=30),
    ]


def _month_bounds(value: str) -> tuple[dt.date, dt.date]:
    """ "2026-11" → the first and the last day of that month (a 400 for anything else)."""
    try:
        first = dt.date(int(value[:4]), int(value[5:7]), 1)
        if len(value) != 7 or value[4] != "-":
            raise ValueError(value)
    except ValueError:
        raise ValidationError(_("Give a month as 2026-11.")) from None
    return first, add_months(first, 1) - dt.timedelta(days=1)


class _DayRangeMixin(django_filters.FilterSet):
    """`date_from`, `date_to`, `month=2026-11` and `today=true` on the field `day_path`."""

    day_path = "date"
    date_from = django_filters.DateFilter(label=_("From"), method="filter_from", widget=DateInput())
    date_to = django_filters.DateFilter(label=_("Until"), method="filter_to", widget=DateInput())
    month = django_filters.CharFilter(label=_("Month (2026-11)"), method="filter_month")
    today = django_filters.BooleanFilter(label=_("Today"), method="filter_today")

    def filter_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.day_path}__gte": value})

    def filter_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.day_path}__lte": value})

    def filter_month(self, queryset, name, value):
        first, last = _month_bounds(value)
        return queryset.filter(**{f"{self.day_path}__gte": first, f"{self.day_path}__lte": last})

    def filter_today(self, queryset, name, value):
        if value is None:
            return queryset
        today = {self.day_path: timezone.localdate()}
        return queryset.filter(**today) if value else queryset.exclude(**today)


class DeliveryFilterSet(_DayRangeMixin, ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("supplier__name", "notes", "lines__product")
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), label=_("Supplier")
    )
    refused = django_filters.BooleanFilter(label=_("With refused goods"), method="filter_refused")

    class Meta:
        model = Delivery
        fields = ["q", "supplier", "is_bulk", "refused", "month", "date_from", "date_to", "today"]

    def filter_refused(self, queryset, name, value):
        if value is None:
            return queryset
        refused = DeliveryLine.objects.filter(result=LineResult.REFUSED).values("delivery_id")
        return queryset.filter(pk__in=refused) if value else queryset.exclude(pk__in=refused)

    def filter_search(self, queryset, name, value):
        # Matched as a subquery: joining the lines here would multiply the list's sums.
        found = search.search(Delivery.objects.all(), self.search_fields, value)
        return queryset.filter(pk__in=found.values("pk"))


class LedgerFilterSet(_DayRangeMixin, ScopedFilterSet):
    day_path = "delivery__date"
    search_fields = ("product", "batch", "delivery__supplier__name")
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), label=_("Supplier"), field_name="delivery__supplier"
    )
    bulk = django_filters.BooleanFilter(label=_("Bulk food"), field_name="delivery__is_bulk")

    class Meta:
        model = DeliveryLine
        fields = ["q", "supplier", "category", "result", "bulk", "month", "date_from", "date_to"]


class DinerCountFilterSet(_DayRangeMixin, ScopedFilterSet):
    day_path = "day"

    class Meta:
        model = DinerCount
        fields = ["meal", "month", "date_from", "date_to"]


class MealIncomeFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("notes",)

    class Meta:
        model = MealIncome
        fields = ["q"]


class CostDisclosureFilterSet(ScopedFilterSet):
    month = django_filters.CharFilter(label=_("Month (2026-11)"), method="filter_month")

    class Meta:
        model = CostDisclosure
        fields = ["status", "month"]

    def filter_month(self, queryset, name, value):
        first, _last = _month_bounds(value)
        return queryset.filter(month=first)
