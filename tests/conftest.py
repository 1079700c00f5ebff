"""Shared fixtures. In CI (CI=true) the services must be the real ones: a test never skips there."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from tests.factories import SchoolFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config):
    if IN_CI:
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError("CI=true but DATABASE_URL does not point at PostgreSQL.")
        if not settings.CELERY_BROKER_URL.startswith("redis"):
            raise pytest.UsageError("CI=true but REDIS_URL is not set.")


def require_service(reason: str) -> None:
    """Skip locally when a service is missing; fail in CI."""
    if IN_CI:
        pytest.fail(f"CI needs this service: {reason}")
    pytest.skip(reason)


@pytest.fixture
def school(db):
    return SchoolFactory()


@pytest.fixture
def other_school(db):
    return SchoolFactory()


@pytest.fixture
def make_user(db, school):
    def _make(*roles: str, school_=None, **extra):
        return UserFactory(school=school_ or school, roles=list(roles), **extra)

    return _make


@pytest.fixture(autouse=True)
def _forget_cached_queries():
    """core.querycache keys entries by SQL: a rolled-back test's rows (whose ids the next test may
    reuse on SQLite) must not be found by the next test."""
    from core import querycache

    querycache.forget_all()
