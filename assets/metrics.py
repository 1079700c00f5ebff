"""The assets module's figures in the metric registry (core.metrics), registered from ready().

Every figure is a grouped-by-school SQL aggregate (one query whatever the number of cards or
schools). The ledger has no history of past states, so counts and values are today's; the net
value is depreciated to the end of the period (or today, for the current one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets import depreciation, selectors
from assets.choices import AssetStatus
from assets.models import Asset, AssetMovement, Consumable
from core import metrics
from core.metrics import HIGHER, LOWER, Metric, Period, Value

CENT = Decimal("0.01")


def _ledger(school_ids: Sequence[int]):
    """The cards the ledger list shows by default, without the disposed ones."""
    return (
        Asset.objects.filter(school_id__in=school_ids, archived_at__isnull=True)
        .exclude(status=AssetStatus.DISPOSED)
        .order_by()
    )


def _asset_list(*params: tuple[str, str]) -> str:
    return reverse("assets:asset_list") + "?" + urlencode([("in_service", "true"), *params])


def _sum_by_school(rows, school_ids: Sequence[int], expression) -> dict[int, Value]:
    """A money total per school in one query; a school without rows totals 0.00."""
    found = dict(rows.values_list("school_id").annotate(total=Sum(expression)))
    return {
        school_id: Decimal(found.get(school_id) or 0).quantize(CENT) for school_id in school_ids
    }


def count(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    return metrics.count_by_school(_ledger(school_ids), school_ids)


def value(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    return _sum_by_school(_ledger(school_ids), school_ids, F("unit_price") * F("quantity"))


def _valued_on(period: Period) -> dt.date:
    return min(period.end - dt.timedelta(1), timezone.localdate())


def net_value(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = depreciation.annotate_depreciation(_ledger(school_ids), _valued_on(period))
    return _sum_by_school(rows, school_ids, "net_value")


def loans_overdue(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = selectors.overdue_loans(AssetMovement.objects.filter(school_id__in=school_ids))
    return metrics.count_by_school(rows, school_ids)


def never_stocktaken(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = selectors.never_stocktaken(_ledger(school_ids))
    return metrics.count_by_school(rows, school_ids)


def low_stock(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = selectors.below_reorder_level(
        Consumable.objects.filter(school_id__in=school_ids, archived_at__isnull=True)
    )
    return metrics.count_by_school(rows, school_ids)


def by_building(school_id: int, period: Period) -> list[tuple[str, Value, str]]:
    rows = (
        _ledger([school_id])
        .values("room__building_id", "room__building__name")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [
        (
            row["room__building__name"] or str(_("no room")),
            row["n"],
            ""
            if row["room__building_id"] is None
            else _asset_list(("building", row["room__building_id"])),
        )
        for row in rows
    ]


def register() -> None:
    metrics.register(
        Metric(
            key="assets.count",
            label=_("Assets on the ledger"),
            unit=_("cards"),
            direction=HIGHER,
            module="assets",
            compute=count,
            current=True,
            link=lambda period: _asset_list(),
            model="assets.Asset",
            help=_("Asset cards on the ledger today, without disposed or archived ones."),
            breakdowns=(("building", _("By building"), by_building),),
        ),
        Metric(
            key="assets.value",
            label=_("Asset value"),
            unit=_("yuan"),
            direction=HIGHER,
            module="assets",
            compute=value,
            current=True,
            link=lambda period: _asset_list(),
            model="assets.Asset",
            help=_("Original value (unit price × quantity) of the assets on the ledger today."),
        ),
        Metric(
            key="assets.net_value",
            label=_("Net asset value"),
            unit=_("yuan"),
            direction=HIGHER,
            module="assets",
            compute=net_value,
            link=lambda period: _asset_list(("sort", "-net_value")),
            model="assets.Asset",
            help=_("Original value less straight-line depreciation to the end of the period."),
        ),
        Metric(
            key="assets.loans_overdue",
            label=_("Loans overdue"),
            unit=_("loans"),
            direction=LOWER,
            module="assets",
            compute=loans_overdue,
            current=True,
            link=lambda period: reverse("assets:loans_overdue"),
            model="assets.AssetMovement",
            help=_("Assets lent out, not returned and past their due date, today."),
        ),
        Metric(
            key="assets.never_stocktaken",
            label=_("Assets never stocktaken"),
            unit=_("cards"),
            direction=LOWER,
            module="assets",
            compute=never_stocktaken,
            current=True,
            link=lambda period: _asset_list(("never_stocktaken", "true")),
            model="assets.Asset",
            help=_("Assets on the ledger that no stocktake has found yet."),
        ),
        Metric(
            key="assets.low_stock",
            label=_("Consumables below reorder level"),
            unit=_("items"),
            direction=LOWER,
            module="assets",
            compute=low_stock,
            current=True,
            link=lambda period: reverse("assets:consumables_low"),
            model="assets.Consumable",
            help=_("Consumables whose stock on hand is under their reorder level, today."),
        ),
    )
