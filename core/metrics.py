"""One metric registry: every figure on a dashboard, in a monthly report, in a district comparison
and in a plan KPI is a :class:`Metric` registered here, so the same number is the same everywhere.

A module registers its metrics from ``AppConfig.ready()`` (``metrics.register(Metric(...))``). A
metric computes its value for *many schools at once* with SQL aggregates grouped by school — one or
a few queries whatever the number of rows or schools, never a Python loop over rows::

    def _open_requests(school_ids, period):
        rows = RepairRequest.objects.filter(school_id__in=school_ids, status__in=OPEN)
        return metrics.count_by_school(rows, school_ids)

    metrics.register(Metric(key="repairs.open", label=_("Open requests"), unit=_("requests"),
                            direction=LOWER, module="repairs", compute=_open_requests,
                            link=lambda period: reverse("repairs:board") + "?status=open"))

"No data" is ``None`` (a rate with nothing to divide, a median of no request), distinct from 0.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

HIGHER: Literal["higher"] = "higher"
LOWER: Literal["lower"] = "lower"

Value = int | Decimal | None
Compute = Callable[[Sequence[int], "Period"], dict[int, Value]]
# (school id, period) -> {"2026-11": value, ...}: one grouped query for a trend (TruncMonth).
Monthly = Callable[[int, "Period"], dict[str, Value]]
# (school id, period) -> [(label, value, link)]: one grouped query per dimension (by building, ...).
Breakdown = Callable[[int, "Period"], list[tuple[str, Value, str]]]


@dataclass(frozen=True)
class Period:
    """A reporting period: ``start`` inclusive, ``end`` exclusive (dates in school time)."""

    kind: Literal["month", "year", "range"]
    start: dt.date
    end: dt.date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = calendar.monthrange(year, month)[1]
        return cls("month", dt.date(year, month, 1), dt.date(year, month, last) + dt.timedelta(1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls("year", dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    @classmethod
    def span(cls, start: dt.date, end: dt.date) -> Period:
        """A term or any range: ``end`` is the last day, inclusive (as a Term stores it)."""
        return cls("range", start, end + dt.timedelta(1))

    @classmethod
    def current_month(cls) -> Period:
        today = timezone.localdate()
        return cls.month(today.year, today.month)

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2026-11" (a month) or "2026" (a year); refused if malformed or in the future."""
        try:
            if len(text) == 7 and text[4] == "-":
                period = cls.month(int(text[:4]), int(text[5:]))
            elif len(text) == 4:
                period = cls.year(int(text))
            else:
                raise ValueError(text)
        except ValueError:
            raise ValidationError(
                _("Give a month as 2026-11 or a year as 2026."), code="bad_period"
            ) from None
        if period.start > timezone.localdate() or period.start.year < 2000:
            raise ValidationError(
                _("Choose a period that has begun (from 2000 on)."), code="future_period"
            )
        return period

    def previous(self) -> Period:
        if self.kind == "month":
            day = self.start - dt.timedelta(1)
            return Period.month(day.year, day.month)
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        return Period("range", self.start - (self.end - self.start), self.start)

    def same_last_year(self) -> Period:
        if self.kind == "month":
            return Period.month(self.start.year - 1, self.start.month)
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        return Period(
            "range",
            self.start.replace(year=self.start.year - 1),
            self.end.replace(year=self.end.year - 1),
        )

    def months(self) -> list[Period]:
        """The months the period covers (a year's twelve; a month itself)."""
        found, day = [], self.start.replace(day=1)
        while day < self.end:
            found.append(Period.month(day.year, day.month))
            day = found[-1].end
        return found

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes for filtering ``created_at`` and other timestamps."""
        zone = timezone.get_current_timezone()
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=zone),
            dt.datetime.combine(self.end, dt.time.min, tzinfo=zone),
        )

    @property
    def code(self) -> str:
        if self.kind == "month":
            return self.start.strftime("%Y-%m")
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{(self.end - dt.timedelta(1)).isoformat()}"


@dataclass(frozen=True)
class Metric:
    key: str  # "<module>.<name>", stable: reports and plans store it
    label: str | Promise
    unit: str | Promise
    direction: Literal["higher", "lower"]
    module: str  # the app label that owns it
    compute: Compute  # (school ids, period) -> {school id: value}; a missing id is "no data"
    link: Callable[[Period], str] | None = None  # the filtered list behind the figure
    model: str = ""  # "app.Model" whose view permission lets a role see the figure
    help: str | Promise = ""  # how it is counted, shown beside the figure
    monthly: Monthly | None = None  # a trend in one query; else one compute per month
    breakdowns: tuple[tuple[str, str | Promise, Breakdown], ...] = ()  # (key, label, function)
    # The list of the rows the figure is computed from, when `link` is not such a list (the
    # statistics page behind a median): the monthly report's rows sheet reads it. None: `link`.
    rows_link: Callable[[Period], str] | None = None
    # Why no rows stand behind the figure (it is computed from terms, ...): the report says so.
    no_rows: str | Promise = ""

    def rows_url(self, period: Period) -> str | None:
        """The list of the rows behind the figure (core.reports' rows sheets), None if none."""
        if self.no_rows:
            return None
        source = self.rows_link or self.link
        return source(period) if source is not None else None

    # A figure of today (open now, in stock now): the period does not change it, so a page
    # computes it once and compares it with no "period before".
    current: bool = False

    def value(self, school_id: int, period: Period) -> Value:
        return self.compute([school_id], period).get(school_id)

    def trend(self, school_id: int, period: Period) -> dict[str, Value]:
        """The value of each month of ``period`` (a year: twelve), "no data" months as None."""
        if self.monthly is not None:
            found = self.monthly(school_id, period)
            return {month.code: found.get(month.code) for month in period.months()}
        return {month.code: self.value(school_id, month) for month in period.months()}

    def values(self, school_ids: Sequence[int], period: Period) -> dict[int, Value]:
        return self.compute(list(school_ids), period)


_REGISTRY: dict[str, Metric] = {}


def register(*found: Metric) -> None:
    for metric in found:
        existing = _REGISTRY.get(metric.key)
        if existing is not None and existing != metric:
            raise ValueError(f"metric {metric.key!r} is registered twice")
        _REGISTRY[metric.key] = metric


def get(key: str) -> Metric:
    return _REGISTRY[key]


def all_metrics(module: str | None = None) -> list[Metric]:
    return [m for m in _REGISTRY.values() if module is None or m.module == module]


def visible_to(user, found: Iterable[Metric]) -> list[Metric]:
    """The metrics whose records the user's role may read (a figure is no back door)."""
    from django.apps import apps

    from core import access

    return [m for m in found if not m.model or access.can(user, apps.get_model(m.model), "view")]


def last_twelve_months(until: Period | None = None) -> Period:
    """The twelve months ending with ``until`` (default: this month), as one range for trends."""
    last = until or Period.current_month()
    first = last
    for _month in range(11):
        first = first.previous()
    return Period("range", first.start, last.end)


_SHARED: ContextVar[dict | None] = ContextVar("metrics_shared", default=None)


@contextmanager
def shared() -> Iterator[None]:
    """Within the block, metrics computed from one common read share it (repairs' SLA %, medians
    and satisfaction all come from one read of the period's requests): a page showing many
    metrics wraps their computation in ``with metrics.shared():``. Outside, nothing is kept."""
    token = _SHARED.set({}) if _SHARED.get() is None else None
    try:
        yield
    finally:
        if token is not None:
            _SHARED.reset(token)


def shared_result(key: tuple, compute: Callable[[], object]):
    """``compute()``, once per ``key`` inside a :func:`shared` block (every time outside one)."""
    memo = _SHARED.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def count_by_school(rows: QuerySet, school_ids: Sequence[int]) -> dict[int, Value]:
    """A count per school in one query; a school with no rows counts 0 (not "no data")."""
    counted = dict(rows.order_by().values_list("school_id").annotate(n=Count("pk")))
    return {school_id: counted.get(school_id, 0) for school_id in school_ids}


def rate(part: Value, whole: Value) -> Decimal | None:
    """A percentage with one decimal; None when there is nothing to divide."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
