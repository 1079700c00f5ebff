"""Lists of the hygiene records: one Table (the list and its Excel export) and one FilterSet (the
list, the export and the API) per record."""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen.choices import Meal
from canteen.models import (
    AccompaniedMeal,
    DisinfectionBatch,
    DisinfectionMethod,
    HealthCertificate,
    HygieneFlag,
    MonthlyReview,
    MorningCheck,
    StaffMember,
)
from core.filters import ArchivedFilterMixin, ScopedFilterSet
from core.tables import Column, Table


class DisinfectionMethodTable(Table):
    model = DisinfectionMethod
    columns = [
        Column("name", _("Method"), link=True, width=20),
        Column("min_temperature_c", _("Min. °C"), width=10),
        Column("min_seconds", _("Min. seconds"), width=10),
        Column("min_concentration_mg_l", _("Min. mg/L"), width=10),
        Column("is_active", _("In use"), width=8),
    ]


class DisinfectionBatchTable(Table):
    model = DisinfectionBatch
    columns = [
        Column("day", _("Day"), link=True, width=12),
        Column("meal", _("Meal"), width=8),
        Column("method__name", _("Method"), width=18),
        Column("temperature_c", _("°C"), width=8),
        Column("minutes", _("Minutes"), width=8),
        Column("seconds", _("Seconds"), width=8),
        Column("concentration_mg_l", _("mg/L"), width=8),
        Column("operator__name", _("Operator"), width=12),
        Column("below_minimum", _("Below the minimum"), width=10),
        Column("shortfall", _("What fell short"), width=30),
        Column("resolved_at", _("Re-disinfected at"), width=18),
    ]


class StaffMemberTable(Table):
    model = StaffMember
    columns = [
        Column("name", _("Name"), link=True, width=14),
        Column("job", _("Job"), width=12),
        Column("phone", _("Phone"), width=14),
        Column("on_duty", _("On duty"), width=8),
    ]


class HealthCertificateTable(Table):
    model = HealthCertificate
    columns = [
        Column("staff__name", _("Staff member"), width=14),
        Column("number", _("Certificate number"), link=True, width=20),
        Column("issued_on", _("Issued on"), width=12),
        Column("valid_until", _("Valid until"), width=12),
    ]


class MorningCheckTable(Table):
    model = MorningCheck
    columns = [
        Column("day", _("Day"), link=True, width=12),
        Column("staff__name", _("Staff member"), width=14),
        Column("fit", _("Fit for work"), width=8),
        Column("reason", _("Reason"), width=16),
        Column("action", _("Action"), width=16),
        Column("note", _("Note"), width=24),
        Column("checked_by__username", _("Checked by"), width=12),
    ]


class AccompaniedMealTable(Table):
    model = AccompaniedMeal
    columns = [
        Column("day", _("Day"), link=True, width=12),
        Column("meal", _("Meal"), width=8),
        Column("kind", _("Who ate"), width=10),
        Column("leader__last_name", _("Leader (surname)"), width=8),
        Column("leader__first_name", _("Leader (given name)"), width=8),
        Column("parent_name", _("Parent"), width=10),
        Column("taste", _("Taste"), width=20),
        Column("hygiene", _("Hygiene"), width=20),
        Column("portion", _("Portion"), width=20),
        Column("problems", _("Problems found"), width=30),
        Column("status", _("Problem status"), width=10),
        Column("resolution", _("How it was dealt with"), width=30),
    ]


class HygieneFlagTable(Table):
    model = HygieneFlag
    columns = [
        Column("day", _("Day"), width=12),
        Column("meal", _("Meal"), width=8),
        Column("kind", _("Missing"), width=36),
    ]


class MonthlyReviewTable(Table):
    model = MonthlyReview
    columns = [
        Column("held_on", _("Held on"), link=True, width=12),
        Column("attendees", _("Attendees"), width=30),
        Column("risks", _("Risks found"), width=40),
        Column("measures", _("Measures decided"), width=40),
    ]


class _DayRange(django_filters.FilterSet):
    day_from = django_filters.DateFilter(field_name="day", lookup_expr="gte", label=_("From"))
    day_until = django_filters.DateFilter(field_name="day", lookup_expr="lte", label=_("Until"))


class DisinfectionMethodFilterSet(ScopedFilterSet):
    search_fields = ("name",)

    class Meta:
        model = DisinfectionMethod
        fields = ["q", "is_active"]


class DisinfectionBatchFilterSet(ArchivedFilterMixin, _DayRange, ScopedFilterSet):
    search_fields = ("method__name", "operator__name", "shortfall")
    meal = django_filters.ChoiceFilter(choices=Meal.choices, label=_("Meal"))
    method = django_filters.ModelChoiceFilter(
        queryset=DisinfectionMethod.objects.all(), label=_("Method")
    )
    open = django_filters.BooleanFilter(
        label=_("Waiting for re-disinfection"), method="filter_open"
    )

    class Meta:
        model = DisinfectionBatch
        fields = ["q", "day", "meal", "method", "below_minimum", "open", "archived"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        still = {"below_minimum": True, "resolved_at__isnull": True}
        return queryset.filter(**still) if value else queryset.exclude(**still)


class StaffMemberFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name", "job", "phone")

    class Meta:
        model = StaffMember
        fields = ["q", "on_duty", "archived"]


class HealthCertificateFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("number", "staff__name")
    staff = django_filters.ModelChoiceFilter(
        queryset=StaffMember.objects.all(), label=_("Staff member")
    )
    expiring = django_filters.BooleanFilter(
        label=_("Expiring within 30 days (or expired)"), method="filter_expiring"
    )
    # The inspector's month: the certificates that covered some day of it.
    valid_in = django_filters.CharFilter(
        label=_("Valid during the month (2026-11)"), method="filter_valid_in"
    )

    class Meta:
        model = HealthCertificate
        fields = ["q", "staff", "expiring", "valid_in", "archived"]

    def filter_valid_in(self, queryset, name, value):
        from canteen.acceptance_tables import _month_bounds

        first, last = _month_bounds(value)
        return queryset.filter(issued_on__lte=last, valid_until__gte=first)

    def filter_expiring(self, queryset, name, value):
        if value is None:
            return queryset
        from canteen.services.hygiene import certificates_expiring

        ids = certificates_expiring(queryset.values("school_id"), timezone.localdate()).values("pk")
        return queryset.filter(pk__in=ids) if value else queryset.exclude(pk__in=ids)


class MorningCheckFilterSet(ArchivedFilterMixin, _DayRange, ScopedFilterSet):
    search_fields = ("staff__name", "note")
    staff = django_filters.ModelChoiceFilter(
        queryset=StaffMember.objects.all(), label=_("Staff member")
    )

    class Meta:
        model = MorningCheck
        fields = ["q", "day", "staff", "fit", "reason", "action", "archived"]


class AccompaniedMealFilterSet(ArchivedFilterMixin, _DayRange, ScopedFilterSet):
    search_fields = ("parent_name", "problems", "taste", "hygiene", "portion")

    class Meta:
        model = AccompaniedMeal
        fields = ["q", "day", "meal", "kind", "status", "archived"]


class HygieneFlagFilterSet(_DayRange, ScopedFilterSet):
    class Meta:
        model = HygieneFlag
        fields = ["day", "meal", "kind"]


class MonthlyReviewFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("attendees", "risks", "measures")
    day_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("From"))
    day_until = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Until"))

    class Meta:
        model = MonthlyReview
        fields = ["q", "day_from", "day_until", "archived"]
