"""Repair statistics (维修统计): per month, category, building or worker.

Reads one row per request of the period (a few thousand a year for a big school) and computes
medians and rates in Python, so the same code runs on PostgreSQL and SQLite. Times are working
hours of the school calendar (core.calendar), like the SLA targets they are compared with.

What the figures mean (the page shows the same legend):
- responded on time: of the requests responded to, or still waiting past their response due
  time, the share responded to by it;
- finished on time: of the requests finished, or already late (open past the finish due time,
  or the response late), the share finished by the due time *and* responded to in time; open
  requests not yet due are not counted either way;
- satisfied: of the requests confirmed (rated or auto-confirmed), the share rated 4 or 5; an
  unrated confirmation is not "satisfied";
- rejected and duplicate requests count as requests only.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.calendar import SchoolCalendar
from repairs import sla
from repairs.choices import Category, Status
from repairs.models import RepairSettings

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
    finished: int = 0  # requests whose finish is decided: finished, or already late
    on_time: int = 0
    responded: int = 0  # requests whose response is decided: responded, or waiting past due
    responded_on_time: int = 0
    confirmed: int = 0
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
        if not self.confirmed:
            return None
        return round(100 * sum(1 for r in self.ratings if r >= 4) / self.confirmed, 1)


def _key(dimension: str, row: dict) -> tuple[str, str]:
    if dimension == "school":  # the metric registry's grouping (repairs.metrics), not a page tab
        return str(row["school_id"]), str(row["school_id"])
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


def compute(
    queryset: QuerySet, dimension: str, *, now: dt.datetime | None = None
) -> tuple[Group, list[Group]]:
    """(the total, one Group per value of the dimension, ordered by key)."""
    now = now or timezone.now()
    rows = list(
        queryset.exclude(status__in=COUNTED_OUT)
        .values(
            "school_id",
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
        .iterator(chunk_size=2000)
    )
    calendars = _calendars(rows, now)
    total = Group("", str(_("All")))
    groups: dict[str, Group] = {}
    for row in rows:
        key, label = _key(dimension, row)
        group = groups.setdefault(key, Group(key, label))
        hours = _working_hours(calendars[row["school_id"]], row)
        for target in (total, group):
            _add(target, row, hours, now)
    return total, [groups[key] for key in sorted(groups)]


def _calendars(rows: list[dict], now: dt.datetime) -> dict[int, SchoolCalendar]:
    """Each school's calendar over the period read (three queries)."""
    school_ids = {row["school_id"] for row in rows}
    if not school_ids:
        return {}
    first = min(timezone.localtime(row["created_at"]).date() for row in rows)
    rules = RepairSettings.objects.filter(school_id__in=school_ids)
    return SchoolCalendar.load_many(
        school_ids,
        first=first,
        last=max(timezone.localdate(now), first),
        hours={r.school_id: sla.working_hours(r) for r in rules},
    )


def _working_hours(calendar: SchoolCalendar, row: dict) -> tuple[float | None, float | None]:
    """(working hours to respond, to finish), None while not done."""
    return tuple(  # type: ignore[return-value]
        None if row[end] is None else calendar.working_hours_between(row["created_at"], row[end])
        for end in ("responded_at", "finished_at")
    )


def _add(group: Group, row: dict, hours: tuple, now: dt.datetime) -> None:
    group.count += 1
    if row["status"] == Status.REJECTED:
        return
    respond, finish = hours
    if respond is not None:
        group.respond_hours.append(respond)
    if finish is not None:
        group.finish_hours.append(finish)
    respond_late = _late(row["responded_at"], row["respond_due_at"], now)
    if row["responded_at"] is not None or respond_late:
        group.responded += 1
        group.responded_on_time += not respond_late
    finish_late = _late(row["finished_at"], row["finish_due_at"], now)
    if row["finished_at"] is not None or finish_late or respond_late:
        group.finished += 1
        group.on_time += not (finish_late or respond_late)
    if row["status"] == Status.CONFIRMED:
        group.confirmed += 1
        if row["rating"] is not None:
            group.ratings.append(row["rating"])


def _late(done: dt.datetime | None, due: dt.datetime | None, now: dt.datetime) -> bool:
    """Done after its due time, or not done and the due time has passed."""
    if due is None:
        return False
    return done > due if done is not None else now > due


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
