"""Settings for the test suite: the real services when DATABASE_URL / REDIS_URL are set."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-that-is-long-enough-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("ZONGWU_VAR_DIR", os.path.join(tempfile.gettempdir(), "zongwu-test-var"))

from config.settings import *  # noqa: F403
from config.settings import VAR_DIR

ALLOWED_HOSTS = ["*"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = VAR_DIR / "media"
(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in-process unless a test starts a real worker (tests/core/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Each test process its own cache (parallel test processes have their own databases, whose rows
# would otherwise meet under the same keys); tests/bench/settings.py shares one across gunicorn.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Every test sees the figures of its own rows: the dashboard's cache is on only where a test
# turns it on (tests/core/test_dashboard_cache.py).
DASHBOARD_CACHE_SECONDS = 0
