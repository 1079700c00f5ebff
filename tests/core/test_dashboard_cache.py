"""The dashboard's figures cache: a reload within the TTL recomputes nothing, a school never sees
another's figures, an ended period is kept longer, and a cache that is down costs nothing."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import metrics
from core.choices import Role
from core.metrics import Period
from core.views import dashboard
from core.views.dashboard import cache_seconds
from tests.core.test_dashboard import TEST_METRICS, _rooms_in
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rooms_metric():
    metrics.register(*TEST_METRICS)  # the dashboard test's metrics: rooms by building, ...
    yield
    for metric in TEST_METRICS:
        metrics._REGISTRY.pop(metric.key, None)


@pytest.fixture
def cached(settings):
    settings.DASHBOARD_CACHE_SECONDS = 60
    settings.DASHBOARD_CACHE_CLOSED_SECONDS = 900
    cache.clear()
    yield
    cache.clear()


def _rooms_shown(client) -> str:
    page = client.get(reverse("core:dashboard")).content.decode()
    return page.split('data-testid="value-core-test_rooms">')[1].split("<")[0]


def test_a_reload_reads_the_kept_figures_and_schools_never_mix(
    client, make_user, school, rooms_metric, cached
):
    _rooms_in(school, 2)
    client.force_login(make_user(Role.PRINCIPAL))
    with CaptureQueriesContext(connection) as first:
        assert _rooms_shown(client) == "4"
    _rooms_in(school, 1)  # within the TTL the page shows what it computed
    with CaptureQueriesContext(connection) as again:
        assert _rooms_shown(client) == "4"
    assert len(again) < len(first) - 2, (len(first), len(again))
    other = SchoolFactory()
    _rooms_in(other, 3)
    client.force_login(make_user(Role.PRINCIPAL, school_=other))
    assert _rooms_shown(client) == "6"  # its own rooms, not the first school's kept figure
    cache.clear()
    client.force_login(make_user(Role.PRINCIPAL))
    assert _rooms_shown(client) == "6"  # recomputed: 2 + 1 rooms in each of 2 buildings


def test_a_running_period_is_kept_briefly_an_ended_one_longer(settings, cached):
    assert cache_seconds(Period.current_month()) == 60
    assert cache_seconds(Period.current_month().previous()) == 900
    assert cache_seconds(Period.year(dt.date.today().year)) == 60
    settings.DASHBOARD_CACHE_SECONDS = 0
    assert cache_seconds(Period.current_month().previous()) == 0


def test_a_cache_that_is_down_only_costs_the_computation(
    client, make_user, school, rooms_metric, settings
):
    settings.DASHBOARD_CACHE_SECONDS = 60
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    _rooms_in(school, 2)
    client.force_login(make_user(Role.PRINCIPAL))
    assert _rooms_shown(client) == "4"


def _figures_now(school) -> tuple[dict, list[str], str]:
    """The dashboard's figures of this month for `school` as the page computes them, with the
    cache keys and the lock key the page uses."""
    period = Period.current_month()
    trend = metrics.last_twelve_months(period)
    found = TEST_METRICS[:1]
    keys = [dashboard._cache_key(school, period, trend, m) for m in found]
    lock = dashboard._lock_key(school, period, trend)
    return dashboard._computed_all(found, school, period, trend), keys, lock


def test_a_cold_stampede_waits_for_the_first_computation(school, rooms_metric, cached):
    """Ten principals opening a cold dashboard at once: one computes, the others wait for what it
    keeps instead of each running every figure's queries."""
    _rooms_in(school, 2)
    first, keys, lock = _figures_now(school)
    assert first["core.test_rooms"]["value"] == 4
    assert cache.get(lock) is None  # the computing request let go of its lock
    kept = cache.get_many(keys)
    cache.clear()
    _rooms_in(school, 1)  # computing now would give 6
    assert cache.add(lock, 1, 60)  # another request is computing
    filler = threading.Timer(0.3, lambda: cache.set_many(kept, 60))
    filler.start()
    waited, _keys, _lock = _figures_now(school)
    filler.join()
    assert waited["core.test_rooms"]["value"] == 4  # what the first one kept, not recomputed


def test_a_lock_left_by_a_dead_request_only_delays_the_page(school, rooms_metric, cached, settings):
    settings.DASHBOARD_CACHE_WAIT_SECONDS = 0.2
    _rooms_in(school, 2)
    _figures, _keys, lock = _figures_now(school)
    cache.clear()
    assert cache.add(lock, 1, 60)  # held by a request that died before keeping its figures
    computed, _keys, _lock = _figures_now(school)
    assert computed["core.test_rooms"]["value"] == 4  # computed after the wait
