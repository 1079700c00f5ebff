"""Repair statistics (维修统计): per month, category, building or worker.

Reads one row per request of the period (a few thousand a year for a big school) and computes
medians and rates in Python, so the same code runs on PostgreSQL and SQLite.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    respond_hours: list[float] = field(default_factory=list)
    finish_hours: list[float] = field(default_factory=list)
    finished: int = 0
    on_time: int = 0
    responded: int = 0
    responded_on_time: int = 0
    ratings: list[int] = field(default_factory=list)

    @property
    def median_respond(self) -> float | None:
        return round(statistics.median(self.respond_hours), 1) if self.respond_hours else None

    @property
    def median_finish(self) -> float | None:
        return round(statistics.median(self.finish_hours), 1) if self.finish_hours else None

    @property
    def sla_percent(self) -> float | None:
        return round(100 * self.on_time / self.finished, 1) if self.finished else None

    @property
    def respond_percent(self) -> float | None:
        return round(100 * self.responded_on_time / self.responded, 1) if self.responded else None

    @property
    def mean_rating(self) -> float | None:
        return round(statistics.fmean(self.ratings), 2) if self.ratings else None

    @property
    def satisfied_percent(self) -> float | None:
        if not self.ratings:
            return None
        return round(100 * sum(1 for r in self.ratings if r >= 4) / len(self.ratings), 1)


def _hours(start: dt.datetime, end: dt.datetime | None) -> float | None:
    return None if end is None else max(0.0, (end - start).total_seconds() / 3600)


def _key(dimension: str, row: dict) -> tuple[str, str]:
    if dimension == "month":
        local = timezone.localtime(row["created_at"])
        return f"{local:%Y-%m}", f"{local:%Y-%m}"
    if dimension == "category":
        return row["category"], str(dict(Category.choices).get(row["category"], row["category"]))
    if dimension == "building":
        return str(row["room__building_id"]), row["room__building__name"]
    if row["assignee_id"] is None:
        return "", str(_("not assigned"))
    name = f"{row['assignee__last_name']}{row['assignee__first_name']}"
    return str(row["assignee_id"]), name or str(row["assignee_id"])


def compute(queryset: QuerySet, dimension: str) -> tuple[Group, list[Group]]:
    """(the total, one Group per value of the dimension, ordered by key)."""
    rows = queryset.exclude(status__in=COUNTED_OUT).values(
        "created_at",
        "category",
        "status",
        "responded_at",
        "respond_due_at",
        "finished_at",
        "finish_due_at",
        "rating",
        "room__building_id",
        "room__building__name",
        "assignee_id",
        "assignee__last_name",
        "assignee__first_name",
    )
    total = Group("", str(_("All")))
    groups: dict[str, Group] = {}
    for row in rows.iterator(chunk_size=2000):
        key, label = _key(dimension, row)
        group = groups.setdefault(key, Group(key, label))
        for target in (total, group):
            _add(target, row)
    return total, [groups[key] for key in sorted(groups)]


def _add(group: Group, row: dict) -> None:
    group.count += 1
    if row["status"] == Status.REJECTED:
        return
    respond = _hours(row["created_at"], row["responded_at"])
    if respond is not None:
        group.respond_hours.append(respond)
        group.responded += 1
        group.responded_on_time += row["responded_at"] <= row["respond_due_at"]
    finish = _hours(row["created_at"], row["finished_at"])
    if finish is not None:
        group.finish_hours.append(finish)
        group.finished += 1
        group.on_time += row["finished_at"] <= row["finish_due_at"]
    if row["rating"] is not None:
        group.ratings.append(row["rating"])


def repeat_faults(queryset: QuerySet, *, limit: int = 15) -> dict[str, list[dict]]:
    """Assets and rooms with two or more requests in the period: candidates for replacement."""
    base = queryset.exclude(status__in=COUNTED_OUT)
    assets = (
        base.filter(asset__isnull=False)
        .values("asset_id", code=F("asset__code"), name=F("asset__name"))
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("-n", "code")[:limit]
    )
    rooms = (
        base.values(
            "room_id",
            building=F("room__building__name"),
            code=F("room__code"),
            name=F("room__name"),
        )
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("-n", "code")[:limit]
    )
    return {"assets": list(assets), "rooms": list(rooms)}
