"""The purchasing part's figure in core.metrics: orders placed without the quotes their
school's rule asks for (货比三家). The service never places one, so it must be 0; the figure
proves it over every school at once (one grouped query for 1 or 200 schools)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.metrics import LOWER, Metric, Period, Value
from finance.models import PurchaseOrder
from finance.tables_purchasing import lacking_quotes


def orders_without_quotes(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    """Orders placed in the period, at or above the school's quote threshold, with fewer quotes
    than the school requires (per school; 0 when none)."""
    rows = PurchaseOrder.objects.filter(
        school_id__in=list(school_ids), ordered_on__gte=period.start, ordered_on__lt=period.end
    )
    found = lacking_quotes(rows).values("pk")
    return metrics.count_by_school(PurchaseOrder.objects.filter(pk__in=found), school_ids)


def orders_without_quotes_link(period: Period) -> str:
    last = period.end - dt.timedelta(days=1)
    query = {
        "without_quotes": "true",
        "ordered_from": period.start.isoformat(),
        "ordered_to": last.isoformat(),
    }
    return reverse("finance:purchaseorder_list") + "?" + urlencode(query)


def register() -> None:
    metrics.register(
        Metric(
            key="finance.orders_without_quotes",
            label=_("Orders without the required quotes"),
            unit=_("orders"),
            direction=LOWER,
            module="finance",
            compute=orders_without_quotes,
            model="finance.PurchaseOrder",
            link=orders_without_quotes_link,
            help=_(
                "Orders placed in the period at or above the school's quote threshold with fewer "
                "supplier quotes than it requires (货比三家). Must be 0."
            ),
        )
    )
