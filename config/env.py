"""Read Zongwu's settings from the environment and refuse bad values with one clear sentence.

A wrong value is reported as :class:`ConfigError`; the entry points (manage.py, wsgi, celery) print
its message and exit instead of showing a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import environ

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigError(Exception):
    """A setting read from the environment is missing or malformed."""


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_env(default_sqlite: Path) -> dict:
    raw = os.environ.get("DATABASE_URL", "").strip()
    if not raw:
        return sqlite_database(default_sqlite)
    scheme = urlparse(raw).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            f"DATABASE_URL must start with postgres:// or sqlite:///, not {scheme or raw!r}."
        )
    try:
        config = environ.Env.db_url_config(raw)
    except Exception as exc:
        raise ConfigError(f"DATABASE_URL is malformed ({exc}).") from None
    if config["ENGINE"].endswith("sqlite3"):
        return sqlite_database(Path(config["NAME"]))
    config.setdefault("CONN_MAX_AGE", env_int("DB_CONN_MAX_AGE", 60))
    config["CONN_HEALTH_CHECKS"] = True
    return config


def sqlite_database(path: Path) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # The web server, the worker and beat share one file: wait for locks instead of failing.
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def broker_from_env() -> str | None:
    """The Redis URL, or None for the embedded broker that needs no server."""
    raw = os.environ.get("REDIS_URL", "").strip()
    if not raw:
        return None
    if urlparse(raw).scheme not in {"redis", "rediss"}:
        raise ConfigError(f"REDIS_URL must start with redis:// or rediss://, not {raw!r}.")
    return raw


def secret_key_from_env(debug: bool) -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if debug:
        return "insecure-development-key-do-not-use-in-production"
    raise ConfigError("SECRET_KEY must be set (a long random string) when DEBUG is off.")
