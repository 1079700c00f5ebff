"""Tests generated from a workflow declaration (core.workflow).

A module describes how to set its rows up in a :class:`Scenario` (a row of a school in a given
status, who normally takes each step, the step's body, who fails each guard); every transition of
the declaration then gets, in the HTML page and in the API alike:

- allowed: the step works, the status becomes the target, one audit entry with the event name;
- wrong status: 409 with the same sentence in both, nothing changed;
- wrong role: someone who sees the row but whose role may not take the step, 403;
- each guard failing: the guard's status and sentence;
- another school's row: 404;

and :func:`burst` posts a step many times at once (tests/test_workflow_races.py).
A new module gets all of it by writing its Scenario and adding it to SCENARIOS in
tests/test_workflows.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from django.forms.models import model_to_dict
from django.test import Client
from rest_framework.test import APIClient

from core import access
from core.choices import Role
from core.models import School, User
from core.workflow import Transition, Workflow
from tests.factories import UserFactory


@dataclass
class Scenario:
    name: str
    workflow: Workflow
    api_base: str  # e.g. "/api/v1/repairs/requests/"
    build: Callable[[School, str], Model]  # a row of the school in that status
    actor: Callable[[Model, Transition], User]  # who normally takes the step on the row
    body: Callable[[Model, Transition], dict]  # the API body (JSON)
    html: Callable[[Model, Transition, dict], tuple[str, dict]]  # page URL and POST data
    # guard code -> prepares the row if needed and returns someone the guard refuses
    breakers: dict[str, Callable[[Model, Transition], User]] = field(default_factory=dict)

    def steps(self) -> list[Transition]:
        return [t for t in self.workflow.transitions if t.action is not None]

    def api_url(self, row: Model, step: Transition) -> str:
        return f"{self.api_base}{row.pk}/{step.api_path}/"

    def source(self, step: Transition) -> str:
        return sorted(step.sources)[0]

    def wrong_statuses(self, step: Transition) -> list[str]:
        field_ = self.workflow.model._meta.get_field(self.workflow.status_field)
        return [value for value, _label in field_.choices if value not in step.sources]

    def out_of_order_row(self, school: School, step: Transition) -> Model | None:
        """A row in a status the step does not start from, that its usual taker can see (a
        worker sees only the requests assigned to them)."""
        for status in self.wrong_statuses(step):
            row = self.build(school, status)
            user = self.actor(row, step)
            if access.scope(user, type(row), "view").filter(pk=row.pk).exists():
                return row
        return None

    def outsider_role(self, step: Transition) -> str | None:
        """A role that reads every row of the school but may not take the step."""
        rule = access.rule_for(self.workflow.model)
        readers = rule.view | rule.manage
        allowed = rule.roles_for(step.action or "")
        for role in Role.values:
            if role in readers and role not in allowed and role != Role.DISTRICT:
                return role
        return None

    def insider_role(self, step: Transition) -> str:
        allowed = access.rule_for(self.workflow.model).roles_for(step.action or "")
        return next(role for role in Role.values if role in allowed)


def api_post(user: User, url: str, body: dict):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(url, body, format="multipart" if _has_files(body) else "json")


def _has_files(body: dict) -> bool:
    return any(hasattr(value, "read") for value in body.values())


def html_post(user: User, url: str, data: dict):
    client = Client()
    client.force_login(user)
    return client.post(url, data)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def snapshot(row: Model) -> dict[str, Any]:
    fresh = type(row)._default_manager.get(pk=row.pk)
    return {**model_to_dict(fresh), "updated_at": getattr(fresh, "updated_at", None)}


def events(row: Model, event: str | None = None) -> list[LogEntry]:
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(row)), object_pk=str(row.pk)
    )
    found = [entry for entry in entries if (entry.additional_data or {}).get("event")]
    return [e for e in found if event is None or e.additional_data["event"] == event]


def status_of(scenario: Scenario, row: Model) -> str:
    fresh = type(row)._default_manager.get(pk=row.pk)
    return getattr(fresh, scenario.workflow.status_field)


def burst(count: int, action: Callable[[int], Any]) -> list[Any]:
    """Run `action` in `count` threads released at the same moment (PostgreSQL: real row locks)."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=20)
            results.append(action(i))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    return results


def user_with(role: str, school: School) -> User:
    return UserFactory(school=school, roles=[role])
