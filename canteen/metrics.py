"""The canteen's figures in core.metrics (dashboards, monthly report, district, plan KPIs)."""

from __future__ import annotations

from core import metrics

# ---- part: menus (begin) ----
# isort: off
import datetime as _dt

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen.filters_menus import late_q
from canteen.models import WeeklyMenu
from core.metrics import HIGHER, Metric
# isort: on


def _menus_begun(school_ids, period):
    # Weeks of the period that have begun: a week still ahead cannot be late yet.
    last = min(period.end - _dt.timedelta(days=1), timezone.localdate())
    return WeeklyMenu.objects.filter(
        school_id__in=school_ids, week_start__gte=period.start, week_start__lte=last
    )


def _menus_on_time(school_ids, period):
    """Published before their Monday, of the period's begun weeks' menus: one grouped query."""
    rows = (
        _menus_begun(school_ids, period)
        .order_by()
        .values_list("school_id")
        .annotate(whole=Count("pk"), late=Count("pk", filter=late_q()))
    )
    return {pk: metrics.rate(whole - late, whole) for pk, whole, late in rows}


def _menus_link(period) -> str:
    last = min(period.end - _dt.timedelta(days=1), timezone.localdate())
    return (
        reverse("canteen:weeklymenu_list")
        + f"?week_from={period.start:%Y-%m-%d}&week_until={last:%Y-%m-%d}&published_late=false"
    )


def _menus_metrics() -> list:
    return [
        Metric(
            key="canteen.menus_on_time",
            label=_("Weekly menus published on time"),
            unit="%",
            direction=HIGHER,
            module="canteen",
            compute=_menus_on_time,
            model="canteen.WeeklyMenu",
            link=_menus_link,
            help=_(
                "Of the weekly menus whose week began in the period, the share approved and "
                "published before its Monday. No menu in the period: no data."
            ),
        )
    ]


# ---- part: menus (end) ----


# ---- part: samples (begin) ----
def _samples_metrics() -> list:
    from canteen import metrics_samples

    return metrics_samples.METRICS


# ---- part: samples (end) ----


# ---- part: acceptance (begin) ----
def _acceptance_metrics() -> list:
    from canteen.metrics_acceptance import acceptance_metrics

    return acceptance_metrics()


# ---- part: acceptance (end) ----


# ---- part: hygiene (begin) ----
def _hygiene_metrics() -> list:
    from canteen.metrics_hygiene import hygiene_metrics

    return hygiene_metrics()


# ---- part: hygiene (end) ----


def register() -> None:
    """Called from CanteenConfig.ready(): every part's metrics."""
    # ---- part: menus (begin) ----
    for m in _menus_metrics():
        metrics.register(m)
    # ---- part: menus (end) ----

    # ---- part: samples (begin) ----
    for found in _samples_metrics():
        metrics.register(found)
    # ---- part: samples (end) ----

    # ---- part: acceptance (begin) ----
    for m in _acceptance_metrics():
        metrics.register(m)
    # ---- part: acceptance (end) ----

    # ---- part: hygiene (begin) ----
    for m in _hygiene_metrics():
        metrics.register(m)
    # ---- part: hygiene (end) ----
    return None
