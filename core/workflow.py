"""Workflows declared once: who may take which step of a record, from which status, and what it records.

A module declares its steps as :class:`Transition` objects grouped in a :class:`Workflow`; the
services call :meth:`Workflow.run`, which is the only place that

1. locks the row (``select_for_update``),
2. checks the row is one the user may see (another school's row is "not there": 404), that the
   user's role may take the step (``Access.extra_actions``: 403), that the row's status allows it
   (409) and the step's guards (e.g. "the accepter is not the handler"),
3. lets the service do the step's own work (``apply``), which may say it changed nothing,
4. sets the status, saves, records the audit event (a constant name) and the module's timeline
   entry, and stores the notifications (their e-mails leave once the transaction commits).

The detail pages list :meth:`Workflow.available` steps as buttons and the API's actions are
generated from the same transitions (``core.api.workflow``), so there is no second list of steps.
Every refusal is one exception type, :class:`TransitionRefused`, with a translated sentence and
the HTTP status both the HTML views and the API answer with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from core import access, audit
from core.choices import Role

if TYPE_CHECKING:
    from core.models import User


class TransitionRefused(ValidationError):
    """A workflow step refused: nothing was changed.

    ``status_code`` is what the HTML views and the API answer: 404 (the row is not there for this
    user), 403 (the role or person may not take the step), 409 (not possible in the row's status).
    A ValidationError, so code that shows a service's refusal as a form error keeps working.
    """

    def __init__(self, message: str, *, code: str, status_code: int) -> None:
        super().__init__(message, code=code)
        self.status_code = status_code


@dataclass(frozen=True)
class Guard:
    """A condition beyond role and status: ``test(user, row)`` must be true, else ``message``
    (a sentence, or ``message(row)`` for one that names something of the row)."""

    test: Callable[[Any, Any], bool]
    message: str | Promise | Callable[[Any], str]
    code: str = "guard"
    status_code: int = 403


@dataclass(frozen=True)
class Transition:
    """One step. ``target`` None: the status stays (a hand-over, a work record).

    ``action`` is the Access action whose roles may take it (None: only the system, e.g. an
    automatic confirmation); ``path`` the API action's URL segment, ``slug`` the HTML step URL's.
    ``repeatable`` steps add a record each time (a work record); every other step taken twice
    changes nothing the second time.
    """

    name: str
    sources: frozenset[str]
    target: str | None
    action: str | None
    event: str
    label: str | Promise
    event_label: str | Promise | None = None
    guards: tuple[Guard, ...] = ()
    path: str | None = None
    slug: str | None = None
    repeatable: bool = False

    @property
    def api_path(self) -> str:
        return self.path or self.name

    @property
    def html_slug(self) -> str:
        return self.slug or self.name


@dataclass(frozen=True)
class Notice:
    """A notification the step sends once it is recorded (people may be None: skipped)."""

    recipients: Iterable[Any]
    title: str
    body: str = ""


@dataclass
class Effect:
    """What a step's own work changed besides the status: notices, a note and data for the log."""

    notices: Sequence[Notice] = ()
    note: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


# Returned by a step's `apply` when repeating it would change nothing: nothing is saved, recorded
# or notified (the same worker assigned twice is one assignment).
UNCHANGED = _Unchanged()

Timeline = Callable[..., object]
M = TypeVar("M", bound=Model)
Apply = Callable[[Any], "Effect | _Unchanged | None"]


@dataclass
class Workflow(Generic[M]):
    """The transitions of one model's status field, and the hooks the module supplies."""

    model: type[M]
    transitions: Sequence[Transition]
    status_field: str = "status"
    # (row, transition, actor, before, note) -> None: the module's own timeline (RepairEvent).
    timeline: Timeline | None = None
    # How refusals name a row ("BX-20261120-0007"); str(row) unless the module says better.
    describe: Callable[[Any], str] = str
    by_name: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_name = {t.name: t for t in self.transitions}
        WORKFLOWS[self.model] = self
        audit.register_event_labels(self.event_labels())  # the history lists name each event

    def __getitem__(self, name: str) -> Transition:
        return self.by_name[name]

    def by_slug(self, slug: str) -> Transition | None:
        found = [t for t in self.transitions if t.html_slug == slug and t.action is not None]
        return found[0] if found else None

    def event_labels(self) -> dict[str, object]:
        return {t.event: t.event_label or t.label for t in self.transitions}

    # ---- checks ----
    def refusal(self, user: User | None, row: Model, step: Transition) -> TransitionRefused | None:
        """Why this user may not take this step on this (locked or fresh) row; None if they may.
        In this order: not there (404), the role (403), the status (409), the guards."""
        if user is not None:
            if not _visible(user, row):
                # another school's row, or a row the role does not see
                return TransitionRefused(_("Not found."), code="not_found", status_code=404)
            if not self._role_allows(user, row, step):
                return TransitionRefused(
                    self._role_message(step), code="forbidden", status_code=403
                )
        return self._when_refusal(user, row, step)

    def _when_refusal(
        self, user: User | None, row: Model, step: Transition
    ) -> TransitionRefused | None:
        if getattr(row, self.status_field) not in step.sources:
            return TransitionRefused(
                self._status_message(row, step), code="wrong_status", status_code=409
            )
        for guard in step.guards if user is not None else ():
            if not guard.test(user, row):
                message = guard.message(row) if callable(guard.message) else guard.message
                return TransitionRefused(
                    str(message), code=guard.code, status_code=guard.status_code
                )
        return None

    def check(self, user: User | None, row: Model, step: str | Transition) -> None:
        transition = step if isinstance(step, Transition) else self[step]
        refused = self.refusal(user, row, transition)
        if refused is not None:
            raise refused

    def available(self, user: User, row: Model) -> list[Transition]:
        """The steps this user may take on this row now, in declaration order (the buttons).
        One query for the row and one per Access action, whatever the number of steps."""
        if not _visible(user, row):
            return []
        role_ok: dict[str, bool] = {}
        steps = []
        for t in self.transitions:
            if t.action is None:
                continue
            if t.action not in role_ok:
                role_ok[t.action] = self._role_allows(user, row, t)
            if role_ok[t.action] and self._when_refusal(user, row, t) is None:
                steps.append(t)
        return steps

    def _role_allows(self, user: User, row: Model, step: Transition) -> bool:
        if step.action is None:
            return False  # only the system takes it
        if not access.can(user, self.model, step.action):
            return False
        scoped = access.scope(user, self.model._default_manager.all(), step.action)
        return scoped.filter(pk=row.pk).exists()

    def _role_message(self, step: Transition) -> str:
        if step.action is None:
            return _("“%(step)s” is done automatically.") % {"step": step.label}
        allowed = access.rule_for(self.model).roles_for(step.action)
        roles = "、".join(str(label) for value, label in Role.choices if value in allowed)
        return _("Only %(roles)s can “%(step)s”.") % {"roles": roles, "step": step.label}

    def _status_message(self, row: Model, step: Transition) -> str:
        display = getattr(row, f"get_{self.status_field}_display")()
        return _("%(model)s %(object)s is “%(status)s”: “%(step)s” is not possible now.") % {
            "model": self.model._meta.verbose_name,
            "object": self.describe(row),
            "status": display,
            "step": step.label,
        }

    # ---- the one run function ----
    def lock(self, row: M) -> M:
        return self.model._default_manager.select_for_update().get(pk=row.pk)

    @transaction.atomic
    def run(
        self,
        step: str,
        *,
        row: M,
        actor: User | None,
        apply: Apply | None = None,
        note: str = "",
        system: bool = False,
    ) -> M:
        """Take `step` on `row` for `actor` (or the system): see the module docstring.

        `apply(locked_row)` does the step's own work on the locked row (other fields, other
        records) and returns an Effect, or UNCHANGED when repeating the step changes nothing.
        Raises TransitionRefused (nothing changed) when the step may not be taken.
        """
        transition = self[step]
        if actor is None and not system:
            raise TransitionRefused(
                self._role_message(transition), code="forbidden", status_code=403
            )
        locked = self.lock(row)
        self.check(None if system else actor, locked, transition)
        before = getattr(locked, self.status_field)
        effect = apply(locked) if apply is not None else Effect()
        if isinstance(effect, _Unchanged):
            return locked
        effect = effect or Effect()
        if transition.target is not None:
            setattr(locked, self.status_field, transition.target)
        locked.save()
        self._record(locked, transition, actor, before, effect, note)
        return locked

    def _record(self, row, transition, actor, before, effect: Effect, note: str) -> None:
        after = getattr(row, self.status_field)
        text = effect.note if effect.note is not None else note
        audit.record_event(
            row,
            event=transition.event,
            actor=actor,
            changes={self.status_field: [before, after]} if before != after else None,
            **({"note": text} if text else {}),
            **effect.data,
        )
        if self.timeline is not None:
            self.timeline(row, transition, actor, before, text)
        for notice in effect.notices:
            _send(row, notice)


# Every declared workflow, by model (the generated tests walk them).
WORKFLOWS: dict[type[Model], Workflow[Any]] = {}


def workflow_for(model: type[Model]) -> Workflow[Any]:
    return WORKFLOWS[model]


def _visible(user: User, row: Model) -> bool:
    return access.scope(user, type(row)._default_manager.all(), "view").filter(pk=row.pk).exists()


def _send(row: Model, notice: Notice) -> None:
    from core.services import notify

    people = [person for person in notice.recipients if person is not None]
    if not people:
        return
    url = row.get_absolute_url() if hasattr(row, "get_absolute_url") else ""
    notify(
        recipients=people,
        school=row.school,  # type: ignore[attr-defined]
        title=notice.title,
        body=notice.body,
        url=url,
    )


__all__ = [
    "UNCHANGED",
    "WORKFLOWS",
    "Effect",
    "Guard",
    "Notice",
    "Transition",
    "TransitionRefused",
    "Workflow",
    "workflow_for",
]
