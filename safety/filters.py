"""One FilterSet per list: the HTML list, its Excel export and the API share them."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ArchivedFilterMixin, ScopedFilterSet
from core.models import Building, Room
from safety.choices import HazardStatus, Severity, TaskStatus
from safety.models import (
    Drill,
    DutyRoster,
    DutyShift,
    FireEquipment,
    Hazard,
    InspectionAnswer,
    InspectionTask,
    InspectionTemplate,
    TemplateItem,
    Visitor,
)

EXPIRING_DAYS = 30


class InspectionTemplateFilterSet(ScopedFilterSet):
    search_fields = ("name",)

    class Meta:
        model = InspectionTemplate
        fields = ["q", "frequency", "is_active"]


class TemplateItemFilterSet(ScopedFilterSet):
    search_fields = ("text",)
    template = django_filters.ModelChoiceFilter(
        queryset=InspectionTemplate.objects.all(), label=_("Template")
    )

    class Meta:
        model = TemplateItem
        fields = ["q", "template"]


class InspectionTaskFilterSet(ScopedFilterSet):
    search_fields = ("template__name", "room__name", "building__name")
    template = django_filters.ModelChoiceFilter(
        queryset=InspectionTemplate.objects.all(), label=_("Template")
    )
    due_from = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label=_("Due from")
    )
    due_until = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label=_("Due until")
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    on_time = django_filters.BooleanFilter(label=_("Done on time"), method="filter_on_time")

    class Meta:
        model = InspectionTask
        fields = ["q", "status", "template", "due_from", "due_until", "overdue", "on_time"]

    def filter_on_time(self, queryset, name, value):
        if value is None:
            return queryset
        on_time = Q(status=TaskStatus.DONE, completed_at__lte=F("due_by"))
        return queryset.filter(on_time) if value else queryset.exclude(on_time)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(status=TaskStatus.OPEN, due_by__lt=timezone.now())
        return queryset.filter(late) if value else queryset.exclude(late)


class InspectionAnswerFilterSet(ScopedFilterSet):
    search_fields = ("item__text", "note", "task__template__name")
    template = django_filters.ModelChoiceFilter(
        queryset=InspectionTemplate.objects.all(),
        field_name="task__template",
        label=_("Template"),
    )
    date_from = django_filters.DateFilter(
        field_name="task__due_date", lookup_expr="gte", label=_("From")
    )
    date_until = django_filters.DateFilter(
        field_name="task__due_date", lookup_expr="lte", label=_("Until")
    )

    class Meta:
        model = InspectionAnswer
        fields = ["q", "result", "template", "date_from", "date_until"]


class HazardFilterSet(ScopedFilterSet):
    search_fields = ("description", "location_note", "room__name", "building__name")
    severity = django_filters.TypedChoiceFilter(
        choices=Severity.choices, coerce=int, label=_("Severity")
    )
    open = django_filters.BooleanFilter(label=_("Open"), method="filter_open")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    room = django_filters.ModelChoiceFilter(
        queryset=Room.objects.select_related("building"), label=_("Room")
    )
    building = django_filters.ModelChoiceFilter(
        queryset=Building.objects.all(), label=_("Building")
    )

    class Meta:
        model = Hazard
        fields = ["q", "status", "severity", "open", "overdue", "room", "building"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        closed = Q(status=HazardStatus.ACCEPTED)
        return queryset.exclude(closed) if value else queryset.filter(closed)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = ~Q(status=HazardStatus.ACCEPTED) & Q(deadline__lt=timezone.localdate())
        return queryset.filter(late) if value else queryset.exclude(late)


class FireEquipmentFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("code", "room__name", "capacity")
    expiring = django_filters.BooleanFilter(
        label=_("Service or expiry within 30 days"), method="filter_expiring"
    )
    expired = django_filters.BooleanFilter(label=_("Expired"), method="filter_expired")
    room = django_filters.ModelChoiceFilter(
        queryset=Room.objects.select_related("building"), label=_("Location")
    )

    class Meta:
        model = FireEquipment
        fields = ["q", "kind", "agent", "room", "expiring", "expired"]

    def filter_expired(self, queryset, name, value):
        if value is None:
            return queryset
        expired = Q(expiry_date__lt=timezone.localdate())
        return queryset.filter(expired) if value else queryset.exclude(expired)

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        soon = timezone.localdate() + dt.timedelta(days=EXPIRING_DAYS)
        due = Q(next_service_date__lte=soon) | Q(expiry_date__lte=soon)
        return queryset.filter(due) if value else queryset.exclude(due)


class DrillFilterSet(ScopedFilterSet):
    search_fields = ("title", "notes")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_until = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = Drill
        fields = ["q", "drill_type", "status", "date_from", "date_until"]


class VisitorFilterSet(ScopedFilterSet):
    search_fields = ("name", "unit", "reason", "host")
    on = django_filters.DateFilter(field_name="time_in", lookup_expr="date", label=_("Date"))
    inside = django_filters.BooleanFilter(
        field_name="time_out", lookup_expr="isnull", label=_("Still inside")
    )

    class Meta:
        model = Visitor
        fields = ["q", "on", "inside"]


class DutyRosterFilterSet(ScopedFilterSet):
    search_fields = ("name",)

    class Meta:
        model = DutyRoster
        fields = ["q"]


class DutyShiftFilterSet(ScopedFilterSet):
    search_fields = ("person__last_name", "person__first_name", "note")
    roster = django_filters.ModelChoiceFilter(queryset=DutyRoster.objects.all(), label=_("Roster"))

    class Meta:
        model = DutyShift
        fields = ["q", "roster", "date"]
