"""Reusable permission checks: given a resource, every role's access to its list, detail, create,
update and delete (HTML and API), plus cross-school isolation (another school's id is a 404).

A module declares one `Resource` per model and calls `check_role(resource, role, ...)` from a test
parametrised over `ALL_ROLES` (see tests/core/test_places_access.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.choices import Role
from core.models import School, User

ALL_ROLES = list(Role.values)
CRUD = frozenset({"list", "detail", "add", "change", "delete"})


@dataclass
class Resource:
    model: type[Model]
    url_prefix: str  # "core:room" → core:room_list / _detail / _add / _edit / _delete
    api_prefix: str | None  # "core-api:room" → core-api:room-list / -detail; None: no API
    make: Callable[[School], Model]  # a saved record of that school
    form_data: Callable[[School], dict]  # a valid HTML form post for a new record
    api_data: Callable[[School], dict]  # a valid API body for a new record
    can: dict[str, set[str]] = field(default_factory=dict)  # action → roles allowed
    # What the generic screens offer: a workflow record (a repair request) is created and changed
    # through its own steps, so it declares only {"list", "detail"}.
    actions: frozenset[str] = CRUD


@dataclass
class Outcome:
    """What one role got; compared as a whole so a failure shows every mismatch at once."""

    rows: dict[str, object] = field(default_factory=dict)

    def expect(self, key: str, got, want) -> None:
        self.rows[key] = (got, want)

    def mismatches(self) -> dict:
        return {k: v for k, v in self.rows.items() if v[0] != v[1]}


def check_role(
    resource: Resource, role: str, *, school: School, other_school: School, user: User
) -> dict:
    """Exercise every action as `user` (who has `role`); return the mismatches (empty = pass)."""
    outcome = Outcome()
    _check_html(resource, role, outcome, school, other_school, user)
    if resource.api_prefix is not None:
        _check_api(resource, role, outcome, school, other_school, user)
    return outcome.mismatches()


def _allowed(resource: Resource, action: str, role: str) -> bool:
    return role in resource.can.get(action, set())


def _check_html(resource, role, outcome, school, other_school, user) -> None:
    client = Client()
    client.force_login(user)
    mine, theirs = resource.make(school), resource.make(other_school)
    name = resource.url_prefix
    can_view = _allowed(resource, "view", role)

    response = client.get(reverse(f"{name}_list"))
    outcome.expect("html list", response.status_code, 200 if can_view else 403)
    if can_view:
        listed = {pk for pk, _values in response.context["rows"]}
        outcome.expect("html list shows own school's row", mine.pk in listed, True)
        outcome.expect("html list hides other school's row", theirs.pk in listed, False)

    detail = client.get(reverse(f"{name}_detail", args=[mine.pk]))
    outcome.expect("html detail", detail.status_code, 200 if can_view else 403)
    other = client.get(reverse(f"{name}_detail", args=[theirs.pk]))
    outcome.expect("html detail of other school", other.status_code, 404 if can_view else 403)

    if "add" not in resource.actions:
        return
    before = resource.model._default_manager.count()
    created = client.post(reverse(f"{name}_add"), resource.form_data(school))
    can_add = _allowed(resource, "add", role)
    outcome.expect("html create", created.status_code, 302 if can_add else 403)
    outcome.expect(
        "html create saved", resource.model._default_manager.count() - before, 1 if can_add else 0
    )

    can_change = _allowed(resource, "change", role)
    edit = client.post(reverse(f"{name}_edit", args=[mine.pk]), resource.form_data(school))
    outcome.expect("html update", edit.status_code, 302 if can_change else 403)
    edit_other = client.post(
        reverse(f"{name}_edit", args=[theirs.pk]), resource.form_data(other_school)
    )
    outcome.expect("html update other school", edit_other.status_code, 404 if can_change else 403)

    can_delete = _allowed(resource, "delete", role)
    gone = client.post(reverse(f"{name}_delete", args=[mine.pk]))
    outcome.expect("html delete", gone.status_code, 302 if can_delete else 403)
    gone_other = client.post(reverse(f"{name}_delete", args=[theirs.pk]))
    outcome.expect("html delete other school", gone_other.status_code, 404 if can_delete else 403)
    outcome.expect("other school's record untouched", _unchanged(theirs), True)


def _check_api(resource, role, outcome, school, other_school, user) -> None:
    client = APIClient()
    client.force_authenticate(user)
    mine, theirs = resource.make(school), resource.make(other_school)
    name = resource.api_prefix
    can_view = _allowed(resource, "view", role)

    listing = client.get(reverse(f"{name}-list"), {"page_size": 500})
    outcome.expect("api list", listing.status_code, 200 if can_view else 403)
    if can_view:
        ids = {row["id"] for row in listing.json()["results"]}
        outcome.expect("api list hides other school", theirs.pk in ids, False)
        outcome.expect("api list shows own school", mine.pk in ids, True)
    detail = client.get(reverse(f"{name}-detail", args=[mine.pk]))
    outcome.expect("api detail", detail.status_code, 200 if can_view else 403)
    other = client.get(reverse(f"{name}-detail", args=[theirs.pk]))
    outcome.expect("api detail of other school", other.status_code, 404 if can_view else 403)
    if "add" not in resource.actions:
        return

    can_add = _allowed(resource, "add", role)
    created = client.post(reverse(f"{name}-list"), resource.api_data(school), format="json")
    outcome.expect("api create", created.status_code, 201 if can_add else 403)

    can_change = _allowed(resource, "change", role)
    patched_mine = client.patch(reverse(f"{name}-detail", args=[mine.pk]), {}, format="json")
    outcome.expect("api update", patched_mine.status_code, 200 if can_change else 403)
    patched = client.patch(reverse(f"{name}-detail", args=[theirs.pk]), {}, format="json")
    outcome.expect("api update other school", patched.status_code, 404 if can_change else 403)

    can_delete = _allowed(resource, "delete", role)
    removed = client.delete(reverse(f"{name}-detail", args=[mine.pk]))
    outcome.expect("api delete", removed.status_code, 204 if can_delete else 403)
    removed_other = client.delete(reverse(f"{name}-detail", args=[theirs.pk]))
    outcome.expect("api delete other school", removed_other.status_code, 404 if can_delete else 403)
    outcome.expect("other school's record untouched (api)", _unchanged(theirs), True)


def _unchanged(record: Model) -> bool:
    fresh = type(record)._default_manager.get(pk=record.pk)
    return getattr(fresh, "archived_at", None) is None and fresh.school_id == record.school_id
