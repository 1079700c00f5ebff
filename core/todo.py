"""The to-do of the office's home page: what waits for the user, with a count and a link.

Core names no module (apps depend downward only): each module registers its own items from
``AppConfig.ready()`` (``<app>/todo.py``)::

    todo.register(TodoItem(key="repairs.to_accept", label=_("Requests waiting for acceptance"),
                           roles=frozenset({Role.DIRECTOR, Role.LOGISTICS}),
                           model="repairs.RepairRequest",
                           count=lambda user, rows: rows.filter(status=Status.SUBMITTED).count(),
                           link=lambda: reverse("repairs:repairrequest_list") + "?status=submitted"))

``count`` receives the user's rows of ``model`` already narrowed by ``access.scope`` (so a count
never shows what the list behind it would hide) and must cost one query; the home page therefore
costs one query per item, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import QuerySet
from django.urls import NoReverseMatch
from django.utils.functional import Promise

from core import access


@dataclass(frozen=True)
class TodoItem:
    key: str  # "<module>.<name>"
    label: str | Promise
    roles: frozenset[str]  # the roles whose home page lists it
    model: str  # "app.Model" whose scoped rows are counted
    count: Callable[..., int]  # (user, scoped rows) -> int, one query
    link: Callable[[], str]  # the filtered list behind the count
    order: int = 100  # smaller first
    hint: str | Promise = field(default="", compare=False)


_ITEMS: dict[str, TodoItem] = {}


def register(*items: TodoItem) -> None:
    for item in items:
        _ITEMS[item.key] = item


def items_for(user) -> list[TodoItem]:
    roles = user.role_codes
    found = [i for i in _ITEMS.values() if roles & i.roles or (user.is_superuser and not roles)]
    return sorted(found, key=lambda i: (i.order, i.key))


def todo_for(user) -> list[dict]:
    """The user's to-do: each item with its count (one query each) and the list behind it."""
    rows = []
    for item in items_for(user):
        scoped: QuerySet = access.scope(user, apps.get_model(item.model))
        try:
            link = item.link()
        except NoReverseMatch:
            continue
        rows.append(
            {
                "key": item.key,
                "label": item.label,
                "hint": item.hint,
                "count": item.count(user, scoped),
                "link": link,
            }
        )
    return rows
