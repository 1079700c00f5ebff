"""Zongwu settings. Every deployment-specific value comes from the environment (see README)."""

from __future__ import annotations

import os
from pathlib import Path

from celery.schedules import crontab

from config.env import (
    broker_from_env,
    database_from_env,
    env_bool,
    env_int,
    env_list,
    secret_key_from_env,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZONGWU_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key_from_env(DEBUG)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The address printed on QR labels: it must stay the same for years.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "auditlog",
    "axes",
    "core",
    "assets",
    "repairs",
    "safety",
    "canteen",
    "finance",
    "planning",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.input_guard.NulCharacterMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(VAR_DIR / "zongwu.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# Repeated failed logins: lock the username+address pair for a while.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# E-mail
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zongwu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds a mail-server operation may take: a hung server must not hold a worker for long.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# The outbox (core.outbox): retry after 30 s, 1, 2, 4 … min (at most 30 min) for 48 hours,
# then give up (recorded on the notification). A claim of a killed worker is taken after 5 min.
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 30)
EMAIL_RETRY_MAX_SECONDS = 30 * 60
EMAIL_GIVE_UP_HOURS = env_int("EMAIL_GIVE_UP_HOURS", 48)
EMAIL_CLAIM_LEASE_SECONDS = 5 * 60

# Group robots (core.robots): webhooks only to these hosts, over https. ROBOT_ALLOW_INSECURE_LOCAL
# (tests only) also allows http://127.0.0.1:<port>, the tests' fake robot server.
ROBOT_ALLOWED_HOSTS = env_list("ROBOT_ALLOWED_HOSTS", ["qyapi.weixin.qq.com", "oapi.dingtalk.com"])
ROBOT_ALLOW_INSECURE_LOCAL = False
ROBOT_TIMEOUT_SECONDS = 5
ROBOT_MAX_PER_MINUTE = 20  # both services refuse more per robot
ROBOT_GIVE_UP_HOURS = env_int("ROBOT_GIVE_UP_HOURS", 24)

# Security: strict once DEBUG is off (manage.py check --deploy passes with production values).
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.views.errors.csrf_failure"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

# REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: a wrong or missing token is answered 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
    # One error body everywhere: {"detail", "code", "fields"} (docs/modules.md, API).
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zongwu API",
    "DESCRIPTION": "General-affairs office of a school: places, assets, repairs, safety, canteen.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name with another model's get their own schema name.
    # (Component names are part of the API: repairs' stays CategoryEnum.)
    "ENUM_NAME_OVERRIDES": {
        "CategoryEnum": "repairs.choices.Category",
        "DishCategoryEnum": "canteen.choices.DishCategory",
        "GoodsCategoryEnum": "canteen.models.acceptance.GoodsCategory",
        "DocumentKindEnum": "canteen.models.acceptance.DocumentKind",
        "LineResultEnum": "canteen.models.acceptance.LineResult",
        "EconomicCategoryEnum": "finance.choices.EconomicCategory",
        "YearStatusEnum": "finance.choices.YearStatus",
        "AdjustmentStatusEnum": "finance.choices.AdjustmentStatus",
        # Fields named "kind" and "method" of several models: each choice set its own name.
        "GoodsKindEnum": "finance.choices.GoodsKind",
        "MovementKindEnum": "finance.choices.MovementKind",
        "ProcurementMethodEnum": "finance.choices.ProcurementMethod",
        "PaymentMethodEnum": "finance.choices.PaymentMethod",
        "KpiKindEnum": "planning.choices_plans.KpiKind",
        "QuestionKindEnum": "planning.models.surveys.QuestionKind",
    },
}

# The longest task (a large export) must end within this; the broker's visibility timeout fits it.
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# Celery: Redis when REDIS_URL is set, otherwise a folder-based broker that needs no server.
_redis_url = broker_from_env()
if _redis_url:
    CELERY_BROKER_URL = _redis_url
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        # A task not acknowledged within this time is given to another worker: it must outlast
        # the longest task (CELERY_TASK_TIME_LIMIT), or a running export would be started twice.
        "visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60,
        # A request queueing a task while Redis is down waits this long, then goes on (the
        # outbox and job sweeps send what it could not queue).
        "socket_connect_timeout": 3,
    }
    # The dashboard's figures cache (core.views.dashboard): shared by every worker process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "zongwu",
            # Redis away: the page computes its figures instead of waiting for it.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
# Django's cache holds what core.querycache keeps (the filter drop-downs, the unread count) and the
# tokens that retire it: every worker process must share it, so Redis when REDIS_URL is set, else
# files under the var folder (shared by the processes of one machine). The tests use memory.
if _redis_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": "zongwu",
            # Redis down: a page reads from the database instead, after at most this wait.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Every task is idempotent (rows claimed with a conditional UPDATE), so a message is acknowledged
# after the task ran and given to another worker if its worker died; a task that failed or timed
# out is acknowledged too (its row is failed or left for a sweep, never redelivered in a loop).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ACKS_ON_FAILURE_OR_TIMEOUT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Seeded into the database scheduler on first start; from then on the admin edits them.
CELERY_BEAT_SCHEDULE = {
    "core-purge-old-exports": {
        "task": "core.purge_old_exports",
        "schedule": crontab(hour=3, minute=15),
    },
}

# Exports: lists up to this many rows download at once, larger ones become a background job.
EXPORT_INLINE_MAX_ROWS = env_int("EXPORT_INLINE_MAX_ROWS", 5000)
EXPORT_RETENTION_DAYS = env_int("EXPORT_RETENTION_DAYS", 7)
# The monthly report's workbook: each sheet of the rows behind a figure holds at most this many
# (the sheet then says "the first N of M" and links the list, which has them all).
REPORT_SHEET_MAX_ROWS = env_int("REPORT_SHEET_MAX_ROWS", 1000)
# Supplier licences expiring within this many days are listed and notified (core.Supplier).
SUPPLIER_LICENCE_WARN_DAYS = 30
# Background jobs (core.jobs): a running job without a heartbeat for this long has lost its worker
# and is failed (its page offers a retry); a queued job is re-queued every JOB_REQUEUE_SECONDS until
# a worker takes it, and failed after JOB_QUEUE_GIVE_UP_HOURS.
JOB_HEARTBEAT_TIMEOUT_SECONDS = env_int("JOB_HEARTBEAT_TIMEOUT_SECONDS", 5 * 60)
JOB_REQUEUE_SECONDS = env_int("JOB_REQUEUE_SECONDS", 120)
JOB_QUEUE_GIVE_UP_HOURS = 6
# Imports: an upload up to this size (about 150 rows; saving takes ~30 ms a row) is checked and
# saved in the request, a larger one in the background with a progress page (the same code path).
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_BYTES", 8 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# The dashboard keeps its computed figures this long (seconds; 0: not at all): a running period
# (this month, this year) briefly, an ended one longer (its figures rarely move). See
# core.views.dashboard.cache_seconds and docs/modules.md (Metrics).
DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "60"))
# A cold dashboard is computed by its first request; the others wait this long for its figures.
DASHBOARD_CACHE_WAIT_SECONDS = float(os.environ.get("DASHBOARD_CACHE_WAIT_SECONDS", "10"))
DASHBOARD_CACHE_CLOSED_SECONDS = int(os.environ.get("DASHBOARD_CACHE_CLOSED_SECONDS", "900"))
