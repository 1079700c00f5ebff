"""The samples part's figures in core.metrics: grouped by school, a fixed number of queries for
any number of schools (the district page compares 200 at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen import selectors_samples
from canteen.filters_samples import not_disposed_in_time
from canteen.models import FoodSample, FridgeTemperature
from core import metrics
from core.metrics import HIGHER, LOWER, Metric, Period, Value


def _last_day(period: Period) -> dt.date:
    return min(period.end - dt.timedelta(1), timezone.localdate())


def _span(period: Period) -> list[tuple[str, str]]:
    return [("day_from", period.start.isoformat()), ("day_until", _last_day(period).isoformat())]


def _url(name: str, params: list[tuple[str, str]]) -> str:
    return reverse(f"canteen:{name}") + "?" + urlencode(params)


def samples_complete(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    """Dishes served in the period that have a sample, in % (no dish served: no data)."""
    if period.start > timezone.localdate():
        return {}
    served, done = selectors_samples.served_dishes(school_ids, period.start, _last_day(period))
    return {pk: metrics.rate(done[pk], served[pk]) for pk in school_ids if served[pk]}


def _samples(school_ids: Sequence[int], period: Period):
    return FoodSample.objects.filter(
        school_id__in=school_ids,
        day__gte=period.start,
        day__lte=_last_day(period),
        archived_at__isnull=True,
    )


def samples_underweight(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    return metrics.count_by_school(
        _samples(school_ids, period).filter(underweight=True), school_ids
    )


def samples_not_disposed(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    """Today's state: samples past 48 hours and the margin, still in the refrigerator."""
    rows = FoodSample.objects.filter(
        not_disposed_in_time(), school_id__in=school_ids, archived_at__isnull=True
    )
    return metrics.count_by_school(rows, school_ids)


def readings_out_of_range(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = FridgeTemperature.objects.filter(
        school_id__in=school_ids,
        day__gte=period.start,
        day__lte=_last_day(period),
        out_of_range=True,
        archived_at__isnull=True,
    )
    return metrics.count_by_school(rows, school_ids)


METRICS = [
    Metric(
        key="canteen.samples_complete",
        label=_("Food samples complete"),
        unit="%",
        direction=HIGHER,
        module="canteen",
        compute=samples_complete,
        model="canteen.FoodSample",
        link=lambda period: _url("foodsample_list", _span(period)),
        help=_(
            "Dishes of the meals served (published menu, school days) that have a sample; the "
            "list shows the samples recorded."
        ),
    ),
    Metric(
        key="canteen.samples_underweight",
        label=_("Underweight food samples"),
        unit=_("samples"),
        direction=LOWER,
        module="canteen",
        compute=samples_underweight,
        model="canteen.FoodSample",
        link=lambda period: _url("foodsample_list", [*_span(period), ("underweight", "true")]),
        help=_("Samples under the school's minimum weight (never below 125 g)."),
    ),
    Metric(
        key="canteen.samples_not_disposed",
        label=_("Food samples not disposed in time"),
        unit=_("samples"),
        direction=LOWER,
        module="canteen",
        compute=samples_not_disposed,
        model="canteen.FoodSample",
        link=lambda period: _url("foodsample_list", [("overdue", "true")]),
        help=_("Samples kept past 48 hours and a day's margin and still not disposed, today."),
    ),
    Metric(
        key="canteen.fridge_out_of_range",
        label=_("Sample fridge readings out of range"),
        unit=_("readings"),
        direction=LOWER,
        module="canteen",
        compute=readings_out_of_range,
        model="canteen.FridgeTemperature",
        link=lambda period: _url(
            "fridgetemperature_list", [*_span(period), ("out_of_range", "true")]
        ),
        help=_("Readings of the sample refrigerators outside 0–8 °C."),
    ),
]
