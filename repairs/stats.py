"""Repair statistics (维修统计): per month, category, building or worker.

Every figure is an SQL aggregate (one query for the total, one for the groups, whatever the number
of requests): counts with filters, and medians (core.aggregates.Median) of the working hours each
request stores when it is responded to and finished (repairs.durations: working hours of the
school calendar, core.calendar, like the SLA targets they are compared with).

What the figures mean (the page shows the same legend):
- responded on time: of the requests responded to, or still waiting past their response due
  time, the share responded to by it;
- finished on time: of the requests finished, or already late (open past the finish due time,
  or the response late), the share finished by the due time *and* responded to in time; open
  requests not yet due are not counted either way;
- satisfied: of the requests confirmed (rated or auto-confirmed), the share rated 4 or 5; an
  unrated confirmation is not "satisfied";
- rejected and duplicate requests count as requests only.
The lateness itself is defined once, in repairs.sla (respond_late_q, finish_late_q).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.aggregates import Median
from repairs import sla
from repairs.choices import Category, Status

DIMENSIONS = {
    "month": _("Month"),
    "category": _("Category"),
    "building": _("Building"),
    "worker": _("Worker"),
}
COUNTED_OUT = (Status.DUPLICATE,)  # a duplicate is the same fault, counted once


@dataclass
class Group:
    key: str
    label: str
    count: int = 0
    respond_median: float | None = None  # working hours, of the requests responded to
    finish_median: float | None = None
    finished: int = 0  # requests whose finish is decided: finished, or already late
    on_time: int = 0
    responded: int = 0  # requests whose response is decided: responded, or waiting past due
    responded_on_time: int = 0
    confirmed: int = 0
    rated: int = 0
    rating_sum: int = 0
    satisfied: int = 0  # confirmed and rated 4 or 5
    extra: dict = field(default_factory=dict)  # the caller's own aggregates (grouped(extra=))

    @property
    def median_respond(self) -> float | None:
        return None if self.respond_median is None else round(self.respond_median, 1)

    @property
    def median_finish(self) -> float | None:
        return None if self.finish_median is None else round(self.finish_median, 1)

    @property
    def sla_percent(self) -> float | None:
        return round(100 * self.on_time / self.finished, 1) if self.finished else None

    @property
    def respond_percent(self) -> float | None:
        return round(100 * self.responded_on_time / self.responded, 1) if self.responded else None

    @property
    def mean_rating(self) -> float | None:
        return round(self.rating_sum / self.rated, 2) if self.rated else None

    @property
    def satisfied_percent(self) -> float | None:
        return round(100 * self.satisfied / self.confirmed, 1) if self.confirmed else None


FIGURES = tuple(
    name for name in Group.__dataclass_fields__ if name not in ("key", "label", "extra")
)


def _aggregates(now: dt.datetime) -> dict:
    """Group's figures as SQL aggregates (a rejected request counts as a request only)."""
    counted = ~Q(status=Status.REJECTED)
    respond_late, finish_late = sla.respond_late_q(now), sla.finish_late_q(now)
    confirmed = counted & Q(status=Status.CONFIRMED)
    return {
        "count": Count("pk"),
        "respond_median": Median("respond_working_hours", filter=counted),
        "finish_median": Median("finish_working_hours", filter=counted),
        "finished": Count(
            "pk", filter=counted & (Q(finished_at__isnull=False) | finish_late | respond_late)
        ),
        "on_time": Count(
            "pk",
            filter=counted & Q(finished_at__lte=F("finish_due_at")) & sla.respond_in_time_q(now),
        ),
        "responded": Count("pk", filter=counted & (Q(responded_at__isnull=False) | respond_late)),
        "responded_on_time": Count("pk", filter=counted & Q(responded_at__lte=F("respond_due_at"))),
        "confirmed": Count("pk", filter=confirmed),
        "rated": Count("rating", filter=confirmed),
        "rating_sum": Sum("rating", filter=confirmed, default=0),
        "satisfied": Count("pk", filter=confirmed & Q(rating__gte=4)),
    }


# Per dimension: the columns grouped by, and the row's (key, label).
GROUPED_BY = {
    "school": ("school_id",),  # the metric registry's grouping (repairs.metrics), not a page tab
    "month": ("month",),
    "category": ("category",),
    "building": ("room__building_id", "room__building__name"),
    "worker": ("assignee_id", "assignee__last_name", "assignee__first_name"),
}


def _key(dimension: str, row: dict) -> tuple[str, str]:
    if dimension == "school":
        return str(row["school_id"]), str(row["school_id"])
    if dimension == "month":
        return f"{row['month']:%Y-%m}", f"{row['month']:%Y-%m}"
    if dimension == "category":
        return row["category"], str(dict(Category.choices).get(row["category"], row["category"]))
    if dimension == "building":
        return str(row["room__building_id"]), row["room__building__name"]
    if row["assignee_id"] is None:
        return "", str(_("not assigned"))
    name = f"{row['assignee__last_name']}{row['assignee__first_name']}"
    return str(row["assignee_id"]), name or str(row["assignee_id"])


def _counted(queryset: QuerySet) -> QuerySet:
    return queryset.exclude(status__in=COUNTED_OUT).order_by()


def grouped(
    queryset: QuerySet,
    dimension: str,
    *,
    now: dt.datetime | None = None,
    extra: dict | None = None,
) -> list[Group]:
    """One Group per value of the dimension, ordered by key: one query. `extra`: more aggregates
    computed in the same query ({name: aggregate}, in each Group's `extra`)."""
    rows = _counted(queryset)
    if dimension == "month":  # the school's month (the current time zone), as the board's
        rows = rows.annotate(month=TruncMonth("created_at"))
    extra = extra or {}
    found = rows.values(*GROUPED_BY[dimension]).annotate(
        **_aggregates(now or timezone.now()), **{f"extra_{k}": v for k, v in extra.items()}
    )
    groups = []
    for row in found:  # one row per group
        key, label = _key(dimension, row)
        group = Group(key, label, **{name: row[name] for name in FIGURES})
        group.extra = {name: row[f"extra_{name}"] for name in extra}
        groups.append(group)
    return sorted(groups, key=lambda group: group.key)


def compute(
    queryset: QuerySet, dimension: str, *, now: dt.datetime | None = None
) -> tuple[Group, list[Group]]:
    """(the total, one Group per value of the dimension, ordered by key): two queries."""
    now = now or timezone.now()
    total = _counted(queryset).aggregate(**_aggregates(now))
    return Group("", str(_("All")), **total), grouped(queryset, dimension, now=now)


REPEAT_AT = 2  # a room or asset with this many requests in the period is a repeat fault


def repeated(queryset: QuerySet, *fields, **named) -> QuerySet:
    """The groups of `fields` with REPEAT_AT or more counted requests (`n`): the one definition
    the statistics page's list and the repeat-fault metric share."""
    return (
        queryset.exclude(status__in=COUNTED_OUT)
        .values(*fields, **named)
        .annotate(n=Count("pk"))
        .filter(n__gte=REPEAT_AT)
    )


def repeat_faults(queryset: QuerySet, *, limit: int = 15) -> dict[str, list[dict]]:
    """Assets and rooms with two or more requests in the period: candidates for replacement."""
    assets = repeated(
        queryset.filter(asset__isnull=False),
        "asset_id",
        code=F("asset__code"),
        name=F("asset__name"),
    ).order_by("-n", "code")[:limit]
    rooms = repeated(
        queryset,
        "room_id",
        building=F("room__building__name"),
        code=F("room__code"),
        name=F("room__name"),
    ).order_by("-n", "code")[:limit]
    return {"assets": list(assets), "rooms": list(rooms)}
