"""The bench's settings: the test settings plus the bare baseline views' URLs (tests/bench/urls.py)."""

import os

from config.settings_test import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
# The dashboard bench turns its figures' cache off and on (tests/bench/dashboard.py).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "60"))
