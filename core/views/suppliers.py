"""The school's supplier register (供应商名录), declared once; the canteen and finance read it.

`?licence_due=true` lists suppliers whose licence has expired or expires within
settings.SUPPLIER_LICENCE_WARN_DAYS days (the canteen's to-do, metric and daily notice use it).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ArchivedFilterMixin, ScopedFilterSet
from core.models import Supplier
from core.navigation import SCHOOL
from core.resources import Resource
from core.tables import Column, Table


def licence_warn_limit(today: dt.date | None = None) -> dt.date:
    """The last expiry date that counts as "expiring soon" today."""
    today = today or timezone.localdate()
    return today + dt.timedelta(days=settings.SUPPLIER_LICENCE_WARN_DAYS)


def licence_due(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Active suppliers whose licence has expired or expires soon (the same rows everywhere)."""
    return queryset.filter(archived_at__isnull=True, licence_expiry__lte=licence_warn_limit(today))


class SupplierTable(Table):
    model = Supplier
    columns = [
        Column("name", _("Name"), link=True, width=28),
        Column("licence_number", _("Licence number"), width=22),
        Column("licence_expiry", _("Licence valid until"), width=14),
        Column("is_bulk_food", _("Bulk-food supplier"), width=10),
        Column("contact", _("Contact person"), width=12),
        Column("phone", _("Phone"), width=16),
    ]


class SupplierFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name", "licence_number", "contact")
    licence_due = django_filters.BooleanFilter(
        label=_("Licence expired or expiring soon"), method="filter_licence_due"
    )

    class Meta:
        model = Supplier
        fields = ["q", "is_bulk_food", "licence_due"]

    def filter_licence_due(self, queryset, name, value):
        if value is None:
            return queryset
        due = licence_due(queryset)
        return due if value else queryset.exclude(pk__in=due.values("pk"))


supplier = Resource(
    model=Supplier,
    fields=[
        "name",
        "licence_number",
        "licence_expiry",
        "is_bulk_food",
        "contact",
        "phone",
        "address",
        "notes",
    ],
    table=SupplierTable,
    filterset=SupplierFilterSet,
    url_prefix="suppliers",
    api_prefix="suppliers",
    api_ordering=["name", "licence_expiry"],
    menu=(SCHOOL, _("Suppliers")),
)
ALL = [supplier]
