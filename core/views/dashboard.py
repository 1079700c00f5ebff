"""The principal's dashboard: every figure is a metric of core.metrics, grouped by module.

The page knows no module: it iterates the registry (``metrics.visible_to``), so a module that
registers a metric adds its figure, trend and breakdowns here. The query count depends on the
number of metrics, never on the number of rows (each metric computes in SQL aggregates). The
computed figures are kept a short while in Django's cache (Redis in production), per school,
period, language and metric (``cache_seconds``: 60 s for a running period, 15 min for an ended
one), so principals reloading the page do not recompute them.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import metrics
from core.metrics import Metric, Period
from core.models import School, Term
from core.navigation import DASHBOARD_ROLES

logger = logging.getLogger(__name__)


def may_see_dashboard(user) -> bool:
    return user.is_superuser or bool(user.role_codes & DASHBOARD_ROLES)


@login_required
def dashboard(request):
    """Headline figures, twelve-month trends and breakdowns for one school and one period."""
    if not may_see_dashboard(request.user):
        raise PermissionDenied
    school = _school(request)
    terms = list(Term.objects.filter(school=school).order_by("-start")[:6])
    period, error = _period(request.GET.get("period", ""), terms)
    own = school.pk == request.user.school_id
    with metrics.shared():  # figures from one common read (the repairs statistics) share it
        modules = _modules(
            metrics.visible_to(request.user, metrics.all_metrics()), school, period, own
        )
    context = {
        "school": school,
        "period": period,
        "period_error": error,
        "choices": _choices(period, terms),
        "modules": modules,
        "read_only": not own,
        "chart_data": _chart_data(modules),
    }
    return render(request, "core/dashboard.html", context, status=400 if error else 200)


def _school(request) -> School:
    """The user's own school, or ``?school=`` among the schools they may read (else 404)."""
    user = request.user
    wanted = request.GET.get("school", "")
    if not wanted:
        if user.school_id:
            return user.school
        wanted = str(min(user.school_ids, default=0)) if not user.is_superuser else ""
    schools = (
        School.objects.all() if user.is_superuser else School.objects.filter(pk__in=user.school_ids)
    )
    if not wanted:
        found = schools.order_by("pk").first()
    else:
        found = schools.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if found is None:
        raise Http404
    return found


def _period(text: str, terms: list[Term]) -> tuple[Period, str]:
    """The period asked for, or this month and a message saying why the one asked is refused."""
    if not text:
        return Period.current_month(), ""
    if text.startswith("term-"):
        term = next((t for t in terms if f"term-{t.pk}" == text), None)
        if term is not None:
            return Period.span(term.start, term.end), ""
        return Period.current_month(), _("That term is not one of this school's.")
    try:
        return Period.parse(text), ""
    except ValidationError as refused:
        return Period.current_month(), " ".join(refused.messages)


def _choices(period: Period, terms: list[Term]) -> list[dict]:
    """The picker: the last twelve months, the recent terms, this year and the last two."""
    current = Period.current_month()
    months = metrics.last_twelve_months(current).months()[::-1]
    options: list[dict[str, Any]] = [
        {"value": m.code, "label": m.start.strftime("%Y-%m"), "group": "month"} for m in months
    ]
    options += [
        {
            "value": f"term-{t.pk}",
            "label": t.name,
            "group": "term",
            "period": Period.span(t.start, t.end),
        }
        for t in terms
    ]
    options += [
        {
            "value": str(current.start.year - n),
            "label": str(current.start.year - n),
            "group": "year",
        }
        for n in range(3)
    ]
    for option in options:
        option["selected"] = option.get("period", None) == period or option["value"] == period.code
    return options


def _modules(found: list[Metric], school: School, period: Period, own: bool) -> list[dict]:
    """The figures grouped by module, in the order the modules registered them."""
    trend_period = metrics.last_twelve_months(_last_month(period))
    computed = _computed_all(found, school, period, trend_period)
    groups: dict[str, dict] = {}
    for metric in found:
        label = apps.get_app_config(metric.module).verbose_name
        group = groups.setdefault(
            metric.module, {"key": metric.module, "label": label, "figures": []}
        )
        group["figures"].append(_figure(metric, computed[metric.key], period, own))
    return list(groups.values())


def _last_month(period: Period) -> Period:
    """The period's last month, never after this one (a term may end in the future)."""
    last_day = min(period.end - dt.timedelta(1), timezone.localdate())
    return Period.month(last_day.year, last_day.month)


def _compute(metric: Metric, school: School, period: Period, trend_period: Period) -> dict:
    """What the page shows of a metric, as plain data (it goes to the cache)."""
    return {
        "value": metric.value(school.pk, period),
        # A figure of today is the same for the period before: no comparison, no second read.
        "previous": None if metric.current else metric.value(school.pk, period.previous()),
        # A trend only where the metric computes it in one grouped query (12 queries otherwise).
        "trend": metric.trend(school.pk, trend_period) if metric.monthly else {},
        "breakdowns": [
            [(str(label), value, link) for label, value, link in function(school.pk, period)]
            for _key, _label, function in metric.breakdowns
        ],
    }


# ---- the figures' cache: per school, period, language and metric, never across schools ----
def cache_seconds(period: Period) -> int:
    """How long the figures of `period` are kept: DASHBOARD_CACHE_SECONDS (default 60 s) while
    the period runs, DASHBOARD_CACHE_CLOSED_SECONDS (default 15 min) once it has ended; 0: off."""
    if not settings.DASHBOARD_CACHE_SECONDS:
        return 0
    if period.end <= Period.current_month().start:
        return settings.DASHBOARD_CACHE_CLOSED_SECONDS
    return settings.DASHBOARD_CACHE_SECONDS


def _cache_key(school: School, period: Period, trend_period: Period, metric: Metric) -> str:
    # The trend's months move with today's month; the labels of breakdowns with the language.
    return ":".join(
        ("dashboard", str(school.pk), period.code, trend_period.code, get_language(), metric.key)
    )


def _computed_all(
    found: list[Metric], school: School, period: Period, trend_period: Period
) -> dict[str, dict]:
    """Each metric's data, from the cache where a fresh copy is there, else computed and kept."""
    seconds = cache_seconds(period)
    keys = {metric.key: _cache_key(school, period, trend_period, metric) for metric in found}
    kept = (_cache_call("get_many", list(keys.values())) or {}) if seconds else {}
    lock = ""
    if seconds and len(kept) < len(keys):
        lock, kept = _first_or_wait(
            _lock_key(school, period, trend_period), list(keys.values()), kept
        )
    try:
        return _fill(found, school, period, trend_period, keys, kept, seconds)
    finally:
        if lock:
            _cache_call("delete", lock)


def _lock_key(school: School, period: Period, trend_period: Period) -> str:
    return ":".join(
        ("dashboard-computing", str(school.pk), period.code, trend_period.code, get_language())
    )


def _first_or_wait(lock: str, keys: list[str], kept: dict) -> tuple[str, dict]:
    """Against a stampede of cold loads (ten principals at 8:00, a cache just expired): the first
    request computes the figures; the others wait for what it keeps, up to
    DASHBOARD_CACHE_WAIT_SECONDS, then compute themselves. Returns (the lock held or "", kept)."""
    if _cache_call("add", lock, 1, settings.DASHBOARD_CACHE_WAIT_SECONDS + 30):
        return lock, kept
    deadline = time.monotonic() + settings.DASHBOARD_CACHE_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        kept = _cache_call("get_many", keys) or {}
        if len(kept) == len(keys):
            break
    return "", kept


def _fill(found, school, period, trend_period, keys, kept, seconds) -> dict[str, dict]:
    out: dict[str, dict] = {}
    fresh: dict[str, dict] = {}
    for metric in found:
        hit = kept.get(keys[metric.key])
        if hit is None:
            hit = fresh[keys[metric.key]] = _compute(metric, school, period, trend_period)
        out[metric.key] = hit
    if seconds and fresh:
        _cache_call("set_many", fresh, seconds)
    return out


def _cache_call(method: str, *args):
    """The cache, or nothing when it is down (Redis away): the page computes its figures."""
    try:
        return getattr(cache, method)(*args)
    except Exception:  # any backend's connection error
        logger.warning("Dashboard cache unavailable for %s.", method, exc_info=True)
        return None


def _figure(metric: Metric, data: dict, period: Period, own: bool) -> dict:
    value, previous = data["value"], data["previous"]
    return {
        "metric": metric,
        "id": metric.key.replace(".", "-"),
        "value": value,
        "previous": previous,
        "change": _change(metric, value, previous),
        "link": metric.link(period) if metric.link and own else "",
        "trend": data["trend"],
        "breakdowns": [
            {"key": key, "label": label, "rows": _rows(rows, own)}
            for (key, label, _function), rows in zip(
                metric.breakdowns, data["breakdowns"], strict=True
            )
        ],
    }


def _rows(rows: list[tuple[str, metrics.Value, str]], own: bool) -> list[dict]:
    return [
        {"label": label, "value": value, "link": link if own else ""} for label, value, link in rows
    ]


def _change(metric: Metric, value: metrics.Value, previous: metrics.Value) -> dict | None:
    """The difference from the period before, marked good or bad by the metric's direction."""
    if value is None or previous is None:
        return None
    delta = Decimal(value) - Decimal(previous)
    better = delta > 0 if metric.direction == metrics.HIGHER else delta < 0
    mark = "same" if delta == 0 else ("good" if better else "bad")
    shown = int(delta) if delta == delta.to_integral_value() else delta
    return {"delta": shown, "mark": mark, "up": delta > 0}


def _number(value: metrics.Value) -> float | None:
    return None if value is None else float(value)


def _chart_data(modules: list[dict]) -> dict:
    """What dashboard.js draws: one line per figure, one bar chart per breakdown."""
    data: dict = {"trends": {}, "bars": {}}
    for group in modules:
        for figure in group["figures"]:
            trend = figure["trend"]
            if trend:
                data["trends"][figure["id"]] = {
                    "months": list(trend),
                    "values": [_number(v) for v in trend.values()],
                    "unit": str(figure["metric"].unit),
                }
            for breakdown in figure["breakdowns"]:
                data["bars"][f"{figure['id']}-{breakdown['key']}"] = {
                    "labels": [row["label"] for row in breakdown["rows"]],
                    "values": [_number(row["value"]) for row in breakdown["rows"]],
                    "links": [row["link"] for row in breakdown["rows"]],
                }
    return data


def headline(user, period: Period) -> list[dict]:
    """The figures of the user's own school for the home page: value and link, one query each."""
    if not user.school_id:
        return []
    return [
        {
            "metric": metric,
            "id": metric.key.replace(".", "-"),
            "value": metric.value(user.school_id, period),
            "link": metric.link(period) if metric.link else "",
        }
        for metric in metrics.visible_to(user, metrics.all_metrics())
    ]
