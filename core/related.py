"""What one module adds to another module's pages, without the lower module knowing the higher one.

Apps depend downward only (core <- assets <- repairs <- safety). A room's page (core) and an asset's
card (assets) still offer "report a repair here" and list "repairs of this asset": repairs registers
those from its ``AppConfig.ready()``::

    related.register_action(RecordAction(target="assets.Asset", label=_("Report a repair"),
                                         model="repairs.RepairRequest", url=lambda asset: ...))
    related.register_list(RelatedList(target="assets.Asset", title=_("Repairs"),
                                      model="repairs.RepairRequest", rows=lambda qs, asset: ...))

The page renders ``{% related_actions object %}`` and ``{% related_lists object %}`` (core's
template tags). Every action is shown only to roles whose ``Access`` allows ``permission`` on its
model, and every list is read through ``access.scope`` — the same rule as the module's own pages.
``target="home"`` puts an action on the landing page (``object`` is then None).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils.functional import Promise

from core import access

if TYPE_CHECKING:
    from core.models import User

HOME = "home"


@dataclass(frozen=True)
class RecordAction:
    """A button on another module's page: ``url(record)`` (record None on the home page)."""

    target: str  # "app_label.ModelName" of the page, or HOME
    label: str | Promise
    model: str  # the model whose Access rule decides who sees the button
    url: Callable[[Any], str]
    permission: str = "add"
    hint: str | Promise = ""  # one line under the label (home cards)
    testid: str = ""
    applies: Callable[[Any], bool] = lambda record: True  # e.g. not on a disposed asset


@dataclass(frozen=True)
class RelatedList:
    """A section listing this module's rows that belong to another module's record."""

    target: str
    title: str | Promise
    model: str
    rows: Callable[[QuerySet, Any], QuerySet]  # narrow the user's scoped rows to the record's
    empty: str | Promise = ""
    limit: int = 20


_ACTIONS: list[RecordAction] = []
_LISTS: list[RelatedList] = []


def register_action(action: RecordAction) -> None:
    if action not in _ACTIONS:
        _ACTIONS.append(action)


def register_list(related: RelatedList) -> None:
    if related not in _LISTS:
        _LISTS.append(related)


def target_of(record: Model | None) -> str:
    return HOME if record is None else record._meta.label


def actions_for(user: User, record: Model | None, *, target: str = "") -> list[dict]:
    """The registered buttons of this page the user may use: [{label, url, hint, testid}]."""
    target = target or target_of(record)
    shown = []
    for action in _ACTIONS:
        if action.target != target or not action.applies(record):
            continue
        if not access.can(user, apps.get_model(action.model), action.permission):
            continue
        shown.append(
            {
                "label": action.label,
                "url": action.url(record),
                "hint": action.hint,
                "testid": action.testid,
            }
        )
    return shown


def first_action_url(user: User, record: Model) -> str | None:
    """Where a scan should lead a user who may not open the record itself (or None)."""
    found = actions_for(user, record)
    return found[0]["url"] if found else None


def lists_for(user: User, record: Model) -> list[dict]:
    """The registered sections of this record's page: [{title, rows, empty}], rows scoped."""
    target = target_of(record)
    sections = []
    for related in _LISTS:
        if related.target != target:
            continue
        model = apps.get_model(related.model)
        if not access.can(user, model, "view"):
            continue
        rows = related.rows(access.scope(user, model), record)[: related.limit]
        sections.append({"title": related.title, "rows": list(rows), "empty": related.empty})
    return sections
