"""Lists of the work calendar: one Table (the list and its Excel export) and one FilterSet (the
list, the export and the API) per record."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ScopedFilterSet
from core.tables import Column, Table
from planning.models.calendar import (
    OWNER_ROLE_CHOICES,
    RecordKind,
    TaskStatus,
    WorkItem,
    WorkTask,
    months_label,
)


class WorkItemTable(Table):
    model = WorkItem
    columns = [
        Column("title", _("Task"), link=True, width=30),
        Column("months", _("Months"), kind="text", sortable=False, width=30),
        Column("owner_role", _("Owner role"), width=14),
        Column("owner_name", _("Owner"), width=12),
        Column("due_day", _("Due on day"), width=8),
        Column("record_kind", _("Fulfilled by"), width=16),
        Column("is_active", _("In use"), width=8),
    ]

    def display(self, index: int, value: Any) -> Any:
        if self.columns[index].path == "months":
            return months_label(value)
        return super().display(index, value)


class WorkTaskTable(Table):
    model = WorkTask
    columns = [
        Column("month", _("Month"), width=10),
        Column("item__title", _("Task"), link=True, width=30),
        Column("owner_role", _("Owner role"), width=14),
        Column("owner_name", _("Owner"), width=12),
        Column("due_on", _("Due on"), width=12),
        Column("status", _("Status"), width=8),
        Column("done_at", _("Done at"), width=18),
        Column("done_by_name", _("Done by"), width=12),
        Column("note", _("Note"), width=40),
    ]

    def display(self, index: int, value: Any) -> Any:
        if self.columns[index].path == "month" and isinstance(value, dt.date):
            return value.strftime("%Y-%m")
        return super().display(index, value)


class WorkItemFilterSet(ScopedFilterSet):
    search_fields = ("title", "description")
    month = django_filters.NumberFilter(label=_("Recurs in month"), method="filter_month")
    owner_role = django_filters.ChoiceFilter(label=_("Owner role"), choices=OWNER_ROLE_CHOICES)
    record_kind = django_filters.ChoiceFilter(label=_("Fulfilled by"), choices=RecordKind.choices)

    class Meta:
        model = WorkItem
        fields = ["q", "month", "owner_role", "record_kind", "is_active"]

    def filter_month(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        if value != int(value) or not 1 <= value <= 12:
            raise ValidationError(
                _("A month is a number from 1 to 12 (got %(value)s).") % {"value": value}
            )
        bit = 1 << (int(value) - 1)
        return queryset.annotate(month_bit=F("months").bitand(bit)).filter(month_bit__gt=0)


YEAR = re.compile(r"\d{4}")
MONTH = re.compile(r"\d{4}-\d{1,2}")


def period_bounds(text: str) -> tuple[dt.date, dt.date]:
    """ "2026-11" (a month), "2026" (a year) or "2026-09-01..2027-01-31" (a range) → [start, end)."""
    from core.metrics import Period

    text = (text or "").strip()
    try:
        if ".." in text:
            start, end = text.split("..", 1)
            period = Period.span(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
        elif YEAR.fullmatch(text):
            period = Period.year(int(text))
        elif MONTH.fullmatch(text):
            year, month = text.split("-")
            period = Period.month(int(year), int(month))
        else:
            raise ValueError(text)
    except ValueError:
        raise ValidationError(
            _("Give a month as 2026-11, a year as 2026 or a range as 2026-09-01..2027-01-31.")
        ) from None
    return period.start, period.end


class WorkTaskFilterSet(ScopedFilterSet):
    search_fields = ("item__title", "note")
    period = django_filters.CharFilter(label=_("Month (2026-11)"), method="filter_period")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices)
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    mine = django_filters.BooleanFilter(label=_("Mine"), method="filter_mine")
    owner_role = django_filters.ChoiceFilter(label=_("Owner role"), choices=OWNER_ROLE_CHOICES)

    class Meta:
        model = WorkTask
        fields = ["q", "period", "status", "overdue", "mine", "owner_role", "item"]

    def filter_period(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        start, end = period_bounds(value)
        return queryset.filter(month__gte=start, month__lt=end)

    def filter_overdue(self, queryset: QuerySet, name: str, value) -> QuerySet:
        if value is None:
            return queryset
        late = Q(status=TaskStatus.OPEN, due_on__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)

    def filter_mine(self, queryset: QuerySet, name: str, value) -> QuerySet:
        user = getattr(self.request, "user", None)
        if value is None or user is None or not user.is_authenticated:
            return queryset
        own = Q(owner=user) | Q(owner__isnull=True, owner_role__in=sorted(user.role_codes))
        return queryset.filter(own) if value else queryset.exclude(own)
