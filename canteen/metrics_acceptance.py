"""The acceptance part's figures (core.metrics): licences expiring, goods refused, food cost and
the cost per diner per meal, each computed for many schools in a few grouped queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from canteen.models.acceptance import LineResult
from canteen.services.acceptance import accepted_lines, period_costs
from core import metrics
from core.metrics import HIGHER, LOWER, Metric, Period, Value
from core.models import Supplier


def _last_day(period: Period) -> dt.date:
    return period.end - dt.timedelta(days=1)


def _ledger_link(period: Period, **params: str) -> str:
    query = {"date_from": period.start.isoformat(), "date_to": _last_day(period).isoformat()}
    return reverse("canteen:deliveryline_list") + "?" + urlencode({**query, **params})


def licences_due(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    from core.views.suppliers import licence_due

    return metrics.count_by_school(
        licence_due(Supplier.objects.filter(school_id__in=school_ids)), school_ids
    )


def goods_refused(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    from canteen.models import DeliveryLine

    rows = DeliveryLine.objects.filter(
        school_id__in=school_ids,
        result=LineResult.REFUSED,
        delivery__date__gte=period.start,
        delivery__date__lt=period.end,
    )
    return metrics.count_by_school(rows, school_ids)


def food_cost(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = accepted_lines(school_ids, period.start, _last_day(period))
    found = dict(rows.order_by().values_list("school_id").annotate(total=Sum("amount")))
    # A school without an accepted delivery spent 0 (its deliveries are all there is to count).
    return {pk: found.get(pk) or 0 for pk in school_ids}


def cost_per_meal(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    found = period_costs(school_ids, period.start, _last_day(period))
    return {pk: costs.cost_per_meal for pk, costs in found.items()}


def _costs_link(period: Period) -> str:
    return reverse("canteen:month_costs") + f"?month={period.start:%Y-%m}"


def acceptance_metrics() -> list[Metric]:
    return [
        Metric(
            key="canteen.licences_due",
            label=_("Supplier licences expiring"),
            unit=_("suppliers"),
            direction=LOWER,
            module="canteen",
            compute=licences_due,
            model="core.Supplier",
            link=lambda period: reverse("core:supplier_list") + "?licence_due=true",
            help=_("Active suppliers whose licence has expired or expires within 30 days, today."),
        ),
        Metric(
            key="canteen.goods_refused",
            label=_("Goods refused at acceptance"),
            unit=_("lines"),
            direction=LOWER,
            module="canteen",
            compute=goods_refused,
            model="canteen.DeliveryLine",
            link=lambda period: _ledger_link(period, result="refused"),
            help=_(
                "Products refused at the canteen's door in the period (expired, sensory check…)."
            ),
        ),
        Metric(
            key="canteen.food_cost",
            label=_("Food cost"),
            unit=_("yuan"),
            direction=LOWER,
            module="canteen",
            compute=food_cost,
            model="canteen.DeliveryLine",
            link=lambda period: _ledger_link(period, result="accepted"),
            help=_("Amount of the goods accepted in the period."),
        ),
        Metric(
            key="canteen.cost_per_meal",
            label=_("Cost per diner per meal"),
            unit=_("yuan"),
            # Meal fees are for the food: a canteen spending more of them on each meal is doing better.
            direction=HIGHER,
            module="canteen",
            compute=cost_per_meal,
            model="canteen.CostDisclosure",
            link=_costs_link,
            # The rows it is computed from: the goods accepted in the period (the diners are one
            # count per meal, on the costs page the link opens).
            rows_link=lambda period: _ledger_link(period, result="accepted"),
            help=_(
                "Food cost of the period divided by the meals eaten (students and staff); "
                "no data without diners."
            ),
        ),
    ]
