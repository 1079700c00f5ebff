"""The acceptance and payment lists: their Tables (the list is the export) and FilterSets (the
list, the API and the export alike)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from core.filters import ArchivedFilterMixin, ScopedFilterSet
from core.forms import DateInput
from core.models import Supplier
from core.tables import Column, Table
from finance.choices import PaymentMethod
from finance.models import Acceptance, Payment


def _name(prefix: str) -> Concat:
    return Concat(f"{prefix}__last_name", f"{prefix}__first_name")


def acceptance_rows() -> QuerySet:
    """Acceptances with the names their list shows (one query for a page)."""
    return Acceptance.objects.annotate(
        first_name=_name("first_acceptor"), second_name=_name("second_acceptor")
    )


def payment_rows() -> QuerySet:
    return Payment.objects.annotate(payer_name=_name("payer"))


class AcceptanceTable(Table):
    model = Acceptance
    columns = [
        Column("accepted_on", _("Accepted on"), link=True, width=12),
        Column("order__request__number", _("Request number"), link=True, width=18),
        Column("order__request__title", _("Title"), width=24),
        Column("order__supplier__name", _("Supplier"), width=22),
        Column("invoice_number", _("Invoice number"), width=16),
        Column("invoice_amount", _("Invoice amount"), kind="money", width=12),
        Column("first_name", _("First acceptor"), width=10),
        Column("second_name", _("Second acceptor"), width=10),
    ]


class PaymentTable(Table):
    model = Payment
    columns = [
        Column("paid_on", _("Paid on"), link=True, width=12),
        Column("voucher_number", _("Voucher number"), link=True, width=16),
        Column("order__request__number", _("Request number"), width=18),
        Column("order__request__title", _("Title"), width=24),
        Column("order__supplier__name", _("Supplier"), width=22),
        Column("amount", _("Amount"), kind="money", width=12),
        Column("method", _("Method"), width=12),
        Column("payer_name", _("Payer"), width=10),
    ]


class _DateRange(django_filters.FilterSet):
    """`date_from` and `date_to` (inclusive) on the field `day_path`; `purchase` one request's."""

    day_path = ""
    date_from = django_filters.DateFilter(label=_("From"), method="filter_from", widget=DateInput())
    date_to = django_filters.DateFilter(label=_("Until"), method="filter_to", widget=DateInput())
    purchase = django_filters.NumberFilter(
        label=_("Purchase request"), field_name="order__request", widget=forms.HiddenInput
    )

    def filter_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.day_path}__gte": value})

    def filter_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.day_path}__lte": value})


class AcceptanceFilterSet(_DateRange, ScopedFilterSet):
    day_path = "accepted_on"
    search_fields = ("invoice_number", "order__request__number", "order__request__title")
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), label=_("Supplier"), field_name="order__supplier"
    )

    class Meta:
        model = Acceptance
        fields = ["q", "supplier", "date_from", "date_to", "purchase"]


class PaymentFilterSet(_DateRange, ArchivedFilterMixin, ScopedFilterSet):
    day_path = "paid_on"
    search_fields = ("voucher_number", "order__request__number", "order__request__title")
    method = django_filters.ChoiceFilter(choices=PaymentMethod.choices, label=_("Method"))
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), label=_("Supplier"), field_name="order__supplier"
    )

    class Meta:
        model = Payment
        fields = ["q", "method", "supplier", "date_from", "date_to", "purchase"]
