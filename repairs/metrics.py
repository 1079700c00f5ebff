"""The repairs module's figures in the metric registry (core.metrics), registered from ready().

Counts are grouped-by-school SQL aggregates. SLA compliance, the median times and satisfaction
are the statistics page's own figures (repairs.stats.grouped, by school; by month for their
trends): one aggregate query over the stored working hours (repairs.durations) that the five
figures share inside metrics.shared(), so the page and the metric can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.metrics import HIGHER, LOWER, Metric, Period, Value
from repairs import sla, stats
from repairs.choices import OPEN_WORK, Category, Status
from repairs.models import RepairRequest

REQUESTS = "repairs.RepairRequest"
STATS = "repairs.RepairSettings"  # the statistics page's readers
COUNTED = [s for s in Status.values if s not in stats.COUNTED_OUT]


def _filed(school_ids: Sequence[int], period: Period):
    start, end = period.bounds()
    return RepairRequest.objects.filter(
        school_id__in=school_ids, created_at__gte=start, created_at__lt=end
    ).exclude(status__in=stats.COUNTED_OUT)


def _period_params(period: Period) -> list[tuple[str, str]]:
    """The board's filter for the period (a range has none: the board then lists all time)."""
    if period.kind == "month":
        return [("month", period.code)]
    if period.kind == "year":
        return [("year", period.code)]
    return []


def _board(period: Period | None, *params: tuple[str, str]) -> str:
    query = [*(_period_params(period) if period else []), *params]
    return reverse("repairs:repairrequest_list") + ("?" + urlencode(query) if query else "")


def _stats_link(period: Period) -> str:
    params = {"year": period.start.year}
    if period.kind == "month":
        params["month"] = period.start.month
    return reverse("repairs:stats") + "?" + urlencode(params)


def _filed_link(period: Period) -> str:
    return _board(period, *_status_params())


def filed(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    return _counted("filed")(school_ids, period)


def filed_monthly(school_id: int, period: Period) -> dict[str, Value]:
    found: dict[str, Value] = {m.code: 0 for m in period.months()}
    for group in _by_month(school_id, period):  # one row per month
        found[group.key] = group.count
    return found


def _breakdown(field: str, label: Callable[[dict], str], param: str) -> metrics.Breakdown:
    def compute(school_id: int, period: Period) -> list[tuple[str, Value, str]]:
        rows = (
            _filed([school_id], period)
            .values(field, *_label_fields(field))
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        return [
            (
                label(row),
                row["n"],
                ""
                if row[field] is None
                else _board(period, *_status_params(), (param, row[field])),
            )
            for row in rows
        ]

    return compute


def _label_fields(field: str) -> tuple[str, ...]:
    return {
        "room__building_id": ("room__building__name",),
        "assignee_id": ("assignee__last_name", "assignee__first_name"),
    }.get(field, ())


def _status_params() -> list[tuple[str, str]]:
    return [("status", value) for value in COUNTED]


def _worker(row: dict) -> str:
    if row["assignee_id"] is None:
        return str(_("not assigned"))
    return f"{row['assignee__last_name']}{row['assignee__first_name']}" or str(row["assignee_id"])


def open_now(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = RepairRequest.objects.filter(
        Q(status__in=OPEN_WORK) | Q(status=Status.DONE), school_id__in=school_ids
    )
    return metrics.count_by_school(rows, school_ids)


def _by_school(school_ids: Sequence[int], period: Period) -> dict[int, stats.Group]:
    """The statistics of the period per school, and the filed and late counts, in one query
    (which every figure of the period shares inside metrics.shared())."""

    def compute() -> dict[int, stats.Group]:
        now = timezone.now()
        late = {
            "filed": Count("pk"),
            "overdue": Count("pk", filter=sla.breached_q(now)),
            "overdue_response": Count("pk", filter=sla.respond_breached_q(now)),
            "overdue_finish": Count("pk", filter=sla.finish_breached_q(now)),
        }
        groups = stats.grouped(_filed(school_ids, period), "school", now=now, extra=late)
        return {int(group.key): group for group in groups}

    return metrics.shared_result(("repairs.stats", tuple(school_ids), period), compute)


def _counted(name: str) -> metrics.Compute:
    """A count of the period's requests per school (0 for a school without any)."""

    def compute(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
        found = _by_school(school_ids, period)
        return {
            school_id: found[school_id].extra[name] if school_id in found else 0
            for school_id in school_ids
        }

    return compute


def _from_stats(figure: str) -> metrics.Compute:
    """A figure of the statistics page (a stats.Group property), one value per school."""

    def compute(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
        found = _by_school(school_ids, period)
        return {
            school_id: _decimal(getattr(found[school_id], figure) if school_id in found else None)
            for school_id in school_ids
        }

    return compute


def _stats_monthly(figure: str) -> metrics.Monthly:
    """The same figure month by month: one grouped query the five figures share."""

    def monthly(school_id: int, period: Period) -> dict[str, Value]:
        return {
            group.key: _decimal(getattr(group, figure)) for group in _by_month(school_id, period)
        }

    return monthly


def _by_month(school_id: int, period: Period) -> list[stats.Group]:
    """The statistics month by month: the trends of requests filed and of the five figures."""
    return metrics.shared_result(
        ("repairs.stats.monthly", school_id, period),
        lambda: stats.grouped(_filed([school_id], period), "month"),
    )


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def repeat_rooms(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    groups = stats.repeated(_filed(school_ids, period), "school_id", "room_id")
    counted = {school_id: 0 for school_id in school_ids}
    for row in groups:  # one row per repeated room, not per request
        counted[row["school_id"]] += 1
    return dict(counted)


BREAKDOWNS = (
    (
        "building",
        _("By building"),
        _breakdown("room__building_id", lambda r: r["room__building__name"], "building"),
    ),
    (
        "category",
        _("By category"),
        _breakdown("category", lambda r: str(Category(r["category"]).label), "category"),
    ),
    ("worker", _("By worker"), _breakdown("assignee_id", _worker, "assignee")),
)


def _stat(key: str, label, unit, direction, figure: str, help_text) -> Metric:
    return Metric(
        key=f"repairs.{key}",
        label=label,
        unit=unit,
        direction=direction,
        module="repairs",
        compute=_from_stats(figure),
        monthly=_stats_monthly(figure),
        link=_stats_link,
        rows_link=_filed_link,  # the requests the statistic is computed from
        model=STATS,
        help=help_text,
    )


def register() -> None:
    metrics.register(
        Metric(
            key="repairs.filed",
            label=_("Repair requests filed"),
            unit=_("requests"),
            direction=LOWER,
            module="repairs",
            compute=filed,
            link=_filed_link,
            model=REQUESTS,
            help=_("Requests filed in the period; duplicates are counted once."),
            monthly=filed_monthly,
            breakdowns=BREAKDOWNS,
        ),
        Metric(
            key="repairs.open",
            label=_("Open repair requests"),
            unit=_("requests"),
            direction=LOWER,
            module="repairs",
            compute=open_now,
            current=True,
            link=lambda period: _board(None, ("open", "true")),
            model=REQUESTS,
            help=_("Requests not yet confirmed, rejected or closed as duplicates, today."),
        ),
        Metric(
            key="repairs.overdue",
            label=_("Requests past a time limit"),
            unit=_("requests"),
            direction=LOWER,
            module="repairs",
            compute=_counted("overdue"),
            link=lambda period: _board(period, *_status_params(), ("overdue", "true")),
            model=REQUESTS,
            help=_("Requests filed in the period whose response or finish was late (or is)."),
        ),
        Metric(
            key="repairs.overdue_response",
            label=_("Responses late"),
            unit=_("requests"),
            direction=LOWER,
            module="repairs",
            compute=_counted("overdue_response"),
            link=lambda period: _board(period, *_status_params(), ("late", "respond")),
            model=REQUESTS,
            help=_("Requests filed in the period not responded to by the response due time."),
        ),
        Metric(
            key="repairs.overdue_finish",
            label=_("Finishes late"),
            unit=_("requests"),
            direction=LOWER,
            module="repairs",
            compute=_counted("overdue_finish"),
            link=lambda period: _board(period, *_status_params(), ("late", "finish")),
            model=REQUESTS,
            help=_("Requests filed in the period not finished by the finish due time."),
        ),
        _stat(
            "sla_percent",
            _("Finished on time"),
            "%",
            HIGHER,
            "sla_percent",
            _(
                "Of the requests finished or already late, the share finished and responded to in time."
            ),
        ),
        _stat(
            "median_response",
            _("Median response time"),
            _("working hours"),
            LOWER,
            "median_respond",
            _("Working hours from filing to the response, median of the requests responded to."),
        ),
        _stat(
            "median_finish",
            _("Median finish time"),
            _("working hours"),
            LOWER,
            "median_finish",
            _("Working hours from filing to the finish, median of the requests finished."),
        ),
        _stat(
            "rating_mean",
            _("Mean rating"),
            _("of 5"),
            HIGHER,
            "mean_rating",
            _("Mean of the ratings given on confirmation."),
        ),
        _stat(
            "satisfied_percent",
            _("Satisfied"),
            "%",
            HIGHER,
            "satisfied_percent",
            _("Of the requests confirmed, the share rated 4 or 5 (an unrated one is not)."),
        ),
        Metric(
            key="repairs.repeat_rooms",
            label=_("Rooms with repeat faults"),
            unit=_("rooms"),
            direction=LOWER,
            module="repairs",
            compute=repeat_rooms,
            link=_stats_link,
            rows_link=_filed_link,  # the requests whose rooms are counted
            model=STATS,
            help=_("Rooms with two or more requests filed in the period."),
        ),
    )
