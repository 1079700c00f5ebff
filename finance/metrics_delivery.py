"""The delivery part's figure (core.metrics): yuan paid in the period, for many schools in one
grouped query, linked to the payment list filtered to exactly those payments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.metrics import HIGHER, Metric, Period, Value
from finance.models import Payment


def payments_in(school_ids: Sequence[int], period: Period):
    """The payments a period counts (live ones, paid on a day of the period)."""
    return Payment.objects.filter(
        school_id__in=school_ids,
        archived_at__isnull=True,
        paid_on__gte=period.start,
        paid_on__lt=period.end,
    )


def spent(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    found = dict(
        payments_in(school_ids, period)
        .order_by()
        .values_list("school_id")
        .annotate(t=Sum("amount"))
    )
    # A school that paid nothing spent 0: its payments are all there is to count.
    return {pk: found.get(pk) or 0 for pk in school_ids}


def payment_link(period: Period) -> str:
    last = period.end - dt.timedelta(days=1)
    query = {"date_from": period.start.isoformat(), "date_to": last.isoformat()}
    return reverse("finance:payment_list") + "?" + urlencode(query)


def register_delivery() -> None:
    metrics.register(
        Metric(
            key="finance.spent",
            label=_("Paid for purchases"),
            unit=_("yuan"),
            direction=HIGHER,
            module="finance",
            compute=spent,
            model="finance.Payment",
            link=payment_link,
            help=_("Payments recorded against accepted purchases, by the day they were paid."),
        )
    )
