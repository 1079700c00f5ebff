"""The bench's settings: the test settings plus the bare baseline views' URLs (tests/bench/urls.py)."""

from config.settings_test import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
