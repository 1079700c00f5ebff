"""The bench's settings: the test settings plus the bare baseline views' URLs (tests/bench/urls.py),
and the app's own cache (Redis with REDIS_URL): the gunicorn workers share it as in production."""

from config.settings_test import *  # noqa: F403, I001 - first: it sets the environment's defaults

import config.settings as _app

ROOT_URLCONF = "tests.bench.urls"
CACHES = _app.CACHES
