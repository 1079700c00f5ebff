"""The requests part's figures: requests waiting for approval now, and the median time from
submission to approval (hours), each linking to the list of the rows it counts."""

from __future__ import annotations

from django.db.models import F, FloatField, Func
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.aggregates import Median
from core.metrics import LOWER, Metric
from finance.choices import RequestStatus
from finance.models import PurchaseRequest


class HoursBetween(Func):
    """(end − start) in hours, as a float, on PostgreSQL and SQLite alike."""

    output_field = FloatField()
    arity = 2

    def as_postgresql(self, compiler, connection, **extra):
        return self.fill(compiler, "EXTRACT(EPOCH FROM (%s - %s)) / 3600.0")

    def as_sqlite(self, compiler, connection, **extra):
        return self.fill(compiler, "(julianday(%s) - julianday(%s)) * 24.0")

    def fill(self, compiler, template: str):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        return template % (end[0], start[0]), (*end[1], *start[1])


def waiting(school_ids, period):
    rows = PurchaseRequest.objects.filter(
        school_id__in=school_ids, status=RequestStatus.PENDING, archived_at__isnull=True
    )
    return metrics.count_by_school(rows, school_ids)


def approved_in(school_ids, period):
    return PurchaseRequest.objects.filter(
        school_id__in=school_ids,
        approved_at__isnull=False,
        submitted_at__isnull=False,
        approved_at__date__gte=period.start,
        approved_at__date__lt=period.end,
    )


def median_hours(school_ids, period):
    """The median of (approved − submitted) in hours per school; no approval: no data."""
    rows = (
        approved_in(school_ids, period)
        .order_by()
        .values("school_id")
        .annotate(median=Median(HoursBetween(F("approved_at"), F("submitted_at"))))
    )
    return {row["school_id"]: round(float(row["median"]), 1) for row in rows}


def _ledger(query: str) -> str:
    return reverse("finance:purchaserequest_list") + query


def register() -> None:
    metrics.register(
        Metric(
            key="finance.requests_waiting",
            label=_("Purchase requests waiting for approval"),
            unit=_("requests"),
            direction=LOWER,
            module="finance",
            compute=waiting,
            model="finance.PurchaseRequest",
            link=lambda period: _ledger("?status=pending"),
            help=_("Requests submitted and not yet approved, rejected or returned, now."),
        ),
        Metric(
            key="finance.approval_median_hours",
            label=_("Median approval time"),
            unit=_("hours"),
            direction=LOWER,
            module="finance",
            compute=median_hours,
            model="finance.PurchaseRequest",
            link=lambda period: _ledger(
                f"?approved_from={period.start:%Y-%m-%d}&approved_before={period.end:%Y-%m-%d}"
            ),
            help=_(
                "From submission (of the approved round) to the last approval, for the "
                "requests approved in the period; the median, in hours."
            ),
        ),
    )
