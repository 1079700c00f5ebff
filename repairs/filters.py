"""One FilterSet for the dispatcher's board, the repair log export and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.filters import ScopedFilterSet
from core.models import Building, User
from repairs import sla
from repairs.choices import OPEN_WORK, Category, Priority, Status
from repairs.models import RepairRequest


class RepairRequestFilterSet(ScopedFilterSet):
    search_fields = ("number", "description", "room__name", "room__code")
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=Status.choices)
    priority = django_filters.ChoiceFilter(label=_("Urgency"), choices=Priority.choices)
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    building = django_filters.ModelChoiceFilter(
        label=_("Building"), queryset=Building.objects.all(), field_name="room__building"
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Worker"), queryset=User.objects.none(), field_name="assignee"
    )
    open = django_filters.BooleanFilter(label=_("Open"), method="filter_open")
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")
    late = django_filters.ChoiceFilter(
        label=_("Time limit missed"),
        choices=[("respond", _("Response")), ("finish", _("Finish"))],
        method="filter_late",
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="created_at", lookup_expr="year", min_value=2000
    )
    month = django_filters.CharFilter(
        label=_("Month"),
        method="filter_month",
        widget=forms.TextInput(attrs={"type": "month"}),
        validators=[RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("Use the form 2026-11."))],
    )

    class Meta:
        model = RepairRequest
        fields = ["q", "status", "priority", "category", "building", "assignee", "open"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        school_id = getattr(getattr(request, "user", None), "school_id", None)
        if school_id is not None:
            # Users are not readable by logistics staff as records; the worker list is.
            self.filters["assignee"].queryset = (
                User.objects.filter(
                    school_id=school_id, user_roles__role__in=[Role.WORKER, Role.LOGISTICS]
                )
                .distinct()
                .order_by("last_name", "first_name")
            )

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(status__in=OPEN_WORK) | Q(status=Status.DONE)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def filter_overdue(self, queryset, name, value):
        # 已超时: either commitment missed, response or finish (repairs.sla says which rows).
        if not value:
            return queryset
        return queryset.filter(sla.breached_q(timezone.now()))

    def filter_late(self, queryset, name, value):
        # The response or the finish commitment alone (the metrics' overdue figures link here).
        if value == "respond":
            return queryset.filter(sla.respond_breached_q(timezone.now()))
        if value == "finish":
            return queryset.filter(sla.finish_breached_q(timezone.now()))
        return queryset

    def filter_month(self, queryset, name, value):
        if not value:
            return queryset
        year, month = (int(part) for part in value.split("-"))
        return queryset.filter(created_at__year=year, created_at__month=month)
