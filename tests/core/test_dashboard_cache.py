"""The dashboard's figures cache: a reload within the TTL recomputes nothing, a school never sees
another's figures, an ended period is kept longer, and a cache that is down costs nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import metrics
from core.choices import Role
from core.metrics import Period
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
