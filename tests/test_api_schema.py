"""The API against its own OpenAPI schema: schemathesis generates requests for every operation
from /api/schema/ and sends each one with every role's token, in process (WSGI, no server).

Every answer must be a documented status with a body that matches the schema, never a 5xx.
Bounded: a few examples per operation (fuzzing phase only), no shrinking, a deadline per example;
the whole module takes about a minute on two cores. Checks: not_a_server_error,
status_code_conformance, response_schema_conformance. Left out: content_type_conformance and
response_headers_conformance (nothing the schema documents beyond JSON bodies),
negative_data_rejection and positive_data_acceptance (a body the schema allows may still be refused
by a rule of the school's data, e.g. a room of another building; these give noise, not bugs),
the stateful checks (use_after_free, ensure_resource_availability: ids are scoped per school and
roles differ, so a 404 after a create by another role is correct), ignored_auth (tests/core
covers anonymous access).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "4"))
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
LOGINS = ["teacher1", "logistics1", "worker1", "canteen1", "director", "principal", "admin"]

CONFIG = SchemathesisConfig.from_dict(
    {
        # Fuzzing only: the coverage phase alone sends hundreds of requests per operation.
        "phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}},
        "generation": {"max-examples": EXAMPLES, "no-shrink": True, "database": "none"},
    }
)
APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/", APP, config=CONFIG)


@pytest.fixture(scope="module")
def tokens(django_db_setup, django_db_blocker):
    """The demo school once for the module (rolled back at the end); each test runs in a
    savepoint of it, so an operation that deletes a row does not take it from the next."""
    from core.demo import seed_demo_school
    from core.models import User

    # As Django's test client does: a request's end must not close the test's connection (the
    # open transaction reads as "obsolete" on PostgreSQL, and everything after it would fail).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            seed_demo_school()
            yield {
                login: Token.objects.get_or_create(user=User.objects.get(username=login))[0].key
                for login in LOGINS
            }
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    # Same inputs on every run (a CI failure reproduces); FUZZ_EXAMPLES=50 explores further.
    derandomize=EXAMPLES == 4,
    deadline=dt.timedelta(seconds=10),  # one example = one request per role
    suppress_health_check=list(HealthCheck),
    max_examples=EXAMPLES,
)
def test_every_operation_answers_as_documented_for_every_role(case, tokens, db):
    for login, key in tokens.items():
        try:
            case.call_and_validate(
                app=APP, headers={"Authorization": f"Token {key}"}, checks=CHECKS
            )
        except Exception as exc:
            exc.add_note(f"as {login}")
            raise
