"""The bench's settings: the test settings plus the bare baseline views' URLs (tests/bench/urls.py),
and the app's own cache (Redis with REDIS_URL): the gunicorn workers share it as in production."""

import os

import config.settings as _app
from config.settings_test import *  # noqa: F403 - first: it sets the environment's defaults

ROOT_URLCONF = "tests.bench.urls"
CACHES = _app.CACHES
# The dashboard bench turns its figures' cache off and on (tests/bench/dashboard.py).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "60"))
