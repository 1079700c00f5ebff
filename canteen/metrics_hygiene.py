"""Figures of the hygiene part: disinfection compliance, certificates expiring, 陪餐 coverage.

Each is computed for many schools at once with grouped queries (the district page costs the same
for 200 schools as for one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen import selectors
from canteen.models import AccompaniedMeal, DisinfectionBatch
from canteen.models.hygiene import MealCompanion
from canteen.services import hygiene as services
from core import metrics
from core.metrics import HIGHER, LOWER, Metric, Period, Value


def _days(period: Period) -> tuple[dt.date, dt.date]:
    """First and last day of the period that have happened (a period in progress ends today)."""
    return period.start, min(period.end - dt.timedelta(days=1), timezone.localdate())


def _range_link(name: str, period: Period, **extra: str) -> str:
    first, last = _days(period)
    query = {"day_from": first.isoformat(), "day_until": last.isoformat(), **extra}
    return reverse(name) + "?" + urlencode(query)


def disinfection_compliance(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    """Batches meeting their method's minimum, % of the period's batches (no batch: no data)."""
    first, last = _days(period)
    rows = (
        DisinfectionBatch.objects.filter(
            school_id__in=school_ids, day__gte=first, day__lte=last, archived_at__isnull=True
        )
        .order_by()
        .values_list("school_id")
        .annotate(total=Count("pk"), ok=Count("pk", filter=Q(below_minimum=False)))
    )
    found = {school_id: metrics.rate(ok, total) for school_id, total, ok in rows}
    return {school_id: found.get(school_id) for school_id in school_ids}


def certificates_expiring(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    """Today's certificates of staff on duty expiring within 30 days or expired (not renewed)."""
    today = timezone.localdate()

    def count() -> dict[int, Value]:
        rows = services.certificates_expiring(list(school_ids), today)
        return metrics.count_by_school(rows, school_ids)

    # The same figure whatever the period: one read per page (this period and the last).
    return metrics.shared_result(("canteen.certificates_expiring", tuple(school_ids), today), count)


def accompanied_coverage(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    """Meals served with a school leader's 陪餐 record, % of meals served (none served: no data)."""
    first, last = _days(period)
    leader = AccompaniedMeal.objects.filter(
        school_id=OuterRef("school_id"),
        day=OuterRef("day"),
        meal=OuterRef("meal"),
        kind=MealCompanion.LEADER,
        archived_at__isnull=True,
    )
    served = selectors.served_meal_keys(school_ids, first, last, flag=Exists(leader))
    result: dict[int, Value] = {}
    for school_id in school_ids:
        mine = [logged for (pk, _day, _meal), logged in served.items() if pk == school_id]
        result[school_id] = metrics.rate(sum(mine), len(mine))
    return result


def hygiene_metrics() -> list[Metric]:
    return [
        Metric(
            key="canteen.disinfection_compliance",
            label=_("Disinfection compliance"),
            unit="%",
            direction=HIGHER,
            module="canteen",
            compute=disinfection_compliance,
            model="canteen.DisinfectionBatch",
            link=lambda period: _range_link("canteen:disinfectionbatch_list", period),
            help=_(
                "Tableware disinfection batches of the period that met their method's minimum "
                "temperature, time and concentration, as a share of all batches."
            ),
        ),
        Metric(
            key="canteen.certificates_expiring",
            label=_("Health certificates expiring"),
            unit=_("certificates"),
            direction=LOWER,
            module="canteen",
            compute=certificates_expiring,
            model="canteen.HealthCertificate",
            link=lambda period: reverse("canteen:healthcertificate_list") + "?expiring=true",
            help=_(
                "Health certificates of canteen staff on duty that expire within 30 days or have "
                "expired and were not renewed, today."
            ),
        ),
        Metric(
            key="canteen.accompanied_coverage",
            label=_("陪餐 coverage"),
            unit="%",
            direction=HIGHER,
            module="canteen",
            compute=accompanied_coverage,
            model="canteen.AccompaniedMeal",
            link=lambda period: _range_link(
                "canteen:accompaniedmeal_list", period, kind=MealCompanion.LEADER
            ),
            help=_(
                "Meals served in the period at which a school leader ate with the students and "
                "logged it, as a share of the meals served."
            ),
        ),
    ]
