"""One FilterSet per list: the HTML page, the API and the Excel export filter the same way."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets import services
from assets.choices import AssetStatus
from assets.models import (
    Asset,
    AssetCategory,
    AssetMovement,
    Compensation,
    Consumable,
    DisposalRequest,
    PropertyCheck,
    Stocktake,
    StocktakeLine,
)
from core.filters import ArchivedFilterMixin, ScopedFilterSet
from core.models import Building, Room, SchoolClass, User


class DateInput(django_filters.widgets.forms.DateInput):
    input_type = "date"


class AssetFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("code", "name", "brand", "model_number", "spec", "supplier")
    search_indexed = True  # assets/migrations/0007_asset_search_index.py
    category = django_filters.ModelChoiceFilter(
        queryset=AssetCategory.objects.all(), label=_("Category"), method="filter_category"
    )
    room = django_filters.ModelChoiceFilter(
        queryset=Room.objects.select_related("building"), label=_("Room")
    )
    building = django_filters.ModelChoiceFilter(
        queryset=Building.objects.all(), label=_("Building"), field_name="room__building"
    )
    custodian = django_filters.ModelChoiceFilter(queryset=User.objects.none(), label=_("Custodian"))
    responsible_class = django_filters.ModelChoiceFilter(
        queryset=SchoolClass.objects.all(), label=_("Class")
    )
    price_min = django_filters.NumberFilter(
        field_name="unit_price", lookup_expr="gte", label=_("Unit price from")
    )
    price_max = django_filters.NumberFilter(
        field_name="unit_price", lookup_expr="lte", label=_("Unit price to")
    )
    purchased_from = django_filters.DateFilter(
        field_name="purchase_date", lookup_expr="gte", label=_("Bought from"), widget=DateInput
    )
    purchased_to = django_filters.DateFilter(
        field_name="purchase_date", lookup_expr="lte", label=_("Bought until"), widget=DateInput
    )
    never_stocktaken = django_filters.BooleanFilter(
        label=_("Never found in a stocktake"), method="filter_never_stocktaken"
    )
    in_service = django_filters.BooleanFilter(
        label=_("Not disposed"), field_name="status", method="filter_in_service"
    )

    class Meta:
        model = Asset
        fields = [
            "q",
            "category",
            "status",
            "room",
            "building",
            "custodian",
            "responsible_class",
            "is_fixed_asset",
            "price_min",
            "price_max",
            "purchased_from",
            "purchased_to",
        ]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Custodians: the users of the user's own school(s) (User has no Access rule).
            self.filters["custodian"].queryset = User.objects.filter(
                school_id__in=user.school_ids
            ).order_by("last_name", "first_name")

    def filter_category(self, queryset, name, value):
        """A category includes its children and grandchildren."""
        if not value:
            return queryset
        return queryset.filter(
            category__in=AssetCategory.objects.filter(school_id=value.school_id).filter(
                code__startswith=value.code
            )
        )

    def filter_in_service(self, queryset, name, value):
        # The assets metrics count the ledger without disposed cards; their link lists the same.
        if value is None:
            return queryset
        disposed = Q(status=AssetStatus.DISPOSED)
        return queryset.exclude(disposed) if value else queryset.filter(disposed)

    def filter_never_stocktaken(self, queryset, name, value):
        if value is None:
            return queryset
        never = services.never_stocktaken(queryset)
        return never if value else queryset.exclude(pk__in=never.values("pk"))


class AssetCategoryFilterSet(ScopedFilterSet):
    search_fields = ("code", "name")

    class Meta:
        model = AssetCategory
        fields = ["q", "depreciable", "specialist"]


class MovementFilterSet(ScopedFilterSet):
    search_fields = ("asset__code", "asset__name", "reason")
    asset = django_filters.NumberFilter(field_name="asset_id", label=_("Asset id"))
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", label=_("Until"), widget=DateInput
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue loans"), method="filter_overdue")
    open_loans = django_filters.BooleanFilter(label=_("Open loans"), method="filter_open_loans")

    class Meta:
        model = AssetMovement
        fields = ["q", "kind", "asset", "date_from", "date_to", "overdue", "open_loans"]

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return services.overdue_loans(queryset, today=timezone.localdate())

    def filter_open_loans(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(kind="lend", returned=False)


class ConsumableFilterSet(ArchivedFilterMixin, ScopedFilterSet):
    search_fields = ("name", "spec")
    below_reorder_level = django_filters.BooleanFilter(
        label=_("Below reorder level"), method="filter_low"
    )
    storeroom = django_filters.ModelChoiceFilter(
        queryset=Room.objects.select_related("building"), label=_("Storeroom")
    )

    class Meta:
        model = Consumable
        fields = ["q", "storeroom", "below_reorder_level"]

    def filter_low(self, queryset, name, value):
        if not value:
            return queryset
        return services.below_reorder_level(queryset)


class StocktakeFilterSet(ScopedFilterSet):
    search_fields = ("title",)

    class Meta:
        model = Stocktake
        fields = ["q", "status"]


class StocktakeLineFilterSet(ScopedFilterSet):
    search_fields = ("asset__code", "asset__name", "description")
    stocktake = django_filters.NumberFilter(field_name="stocktake_id", label=_("Stocktake"))
    room = django_filters.NumberFilter(field_name="expected_room_id", label=_("Room"))

    class Meta:
        model = StocktakeLine
        fields = ["q", "stocktake", "result", "room"]


class DisposalRequestFilterSet(ScopedFilterSet):
    search_fields = ("asset__code", "asset__name", "reason")

    class Meta:
        model = DisposalRequest
        fields = ["q", "status"]


class PropertyCheckFilterSet(ScopedFilterSet):
    search_fields = ("notes",)

    class Meta:
        model = PropertyCheck
        fields = ["q", "school_class", "kind"]


class CompensationFilterSet(ScopedFilterSet):
    search_fields = ("description",)

    class Meta:
        model = Compensation
        fields = ["q", "school_class", "status"]
