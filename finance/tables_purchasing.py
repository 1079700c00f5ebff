"""Lists of quotes and purchase orders: their Tables (list = export) and FilterSets (list, API
and export alike), and the one definition of "an order without enough quotes" that the order
list's filter and the metric share."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet
from core.forms import DateInput
from core.models import Supplier
from core.tables import Column, Table
from finance.choices import RequestStatus
from finance.models import FinanceSettings, PurchaseOrder, Quote

_DEFAULT_FROM: Decimal = FinanceSettings._meta.get_field("quotes_from").default
_DEFAULT_REQUIRED: int = FinanceSettings._meta.get_field("quotes_required").default


def _name(prefix: str) -> Concat:
    return Concat(f"{prefix}__last_name", f"{prefix}__first_name")


def with_quote_figures(orders: QuerySet) -> QuerySet:
    """Orders with the quotes recorded for their request and their school's quote rule (three
    scalar subqueries: one query for a page of orders or for 200 schools' counts)."""
    rules = FinanceSettings.objects.filter(school_id=OuterRef("school_id"))
    counted = (
        Quote.objects.filter(request_id=OuterRef("request_id"))
        .order_by()
        .values("request_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return orders.annotate(
        quote_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
        quotes_from=Coalesce(Subquery(rules.values("quotes_from")[:1]), Value(_DEFAULT_FROM)),
        quotes_required=Coalesce(
            Subquery(rules.values("quotes_required")[:1]), Value(_DEFAULT_REQUIRED)
        ),
    )


def lacking_quotes(orders: QuerySet) -> QuerySet:
    """Orders at or above their school's quote threshold (the order's or the request's amount)
    with fewer quotes than the school requires: the service never places one, so must be none."""
    return with_quote_figures(orders).filter(
        Q(quote_count__lt=F("quotes_required")),
        Q(amount__gte=F("quotes_from")) | Q(request__amount__gte=F("quotes_from")),
    )


def order_rows() -> QuerySet:
    """Orders with what their list shows (one query for a page)."""
    return with_quote_figures(PurchaseOrder.objects.annotate(ordered_by_name=_name("ordered_by")))


def quote_rows() -> QuerySet:
    return Quote.objects.annotate(recorded_by_name=_name("recorded_by"))


class PurchaseOrderTable(Table):
    model = PurchaseOrder
    columns = [
        Column("number", _("Order number"), link=True, width=18),
        Column("ordered_on", _("Ordered on"), width=12),
        Column("request__number", _("Request number"), width=18),
        Column("request__title", _("Purchase"), link=True, width=24),
        Column("supplier__name", _("Supplier"), width=22),
        Column("amount", _("Order amount"), kind="money", width=12),
        Column("request__amount", _("Estimated amount"), kind="money", width=12),
        Column("quote_count", _("Quotes"), kind="int", width=8),
        Column("choice_reason", _("Why not the lowest quote"), width=28),
        Column("request__status", _("Status"), width=10),
        Column("ordered_by_name", _("Ordered by"), width=10),
    ]


class QuoteTable(Table):
    model = Quote
    columns = [
        Column("request__number", _("Request number"), width=18),
        Column("request__title", _("Purchase"), link=True, width=24),
        Column("supplier__name", _("Supplier"), link=True, width=22),
        Column("amount", _("Quoted amount"), kind="money", width=12),
        Column("quoted_on", _("Quoted on"), width=12),
        Column("notes", _("Notes"), width=24),
        Column("recorded_by_name", _("Recorded by"), width=10),
    ]


class PurchaseOrderFilterSet(ScopedFilterSet):
    search_fields = ("number", "request__number", "request__title", "supplier__name")
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), label=_("Supplier")
    )
    status = django_filters.ChoiceFilter(
        field_name="request__status", choices=RequestStatus.choices, label=_("Status")
    )
    ordered_from = django_filters.DateFilter(
        field_name="ordered_on", lookup_expr="gte", label=_("Ordered from"), widget=DateInput()
    )
    ordered_to = django_filters.DateFilter(
        field_name="ordered_on", lookup_expr="lte", label=_("Ordered until"), widget=DateInput()
    )
    without_quotes = django_filters.BooleanFilter(
        label=_("Without the required quotes"), method="filter_without_quotes"
    )

    class Meta:
        model = PurchaseOrder
        fields = ["q", "supplier", "status", "ordered_from", "ordered_to", "without_quotes"]

    def filter_without_quotes(self, queryset, name, value):
        if value is None:
            return queryset
        lacking = lacking_quotes(PurchaseOrder.objects.all()).values("pk")
        return queryset.filter(pk__in=lacking) if value else queryset.exclude(pk__in=lacking)


class QuoteFilterSet(ScopedFilterSet):
    search_fields = ("request__number", "request__title", "supplier__name", "notes")
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), label=_("Supplier")
    )
    request = django_filters.NumberFilter(field_name="request_id", label=_("Purchase request"))

    class Meta:
        model = Quote
        fields = ["q", "supplier", "request"]
