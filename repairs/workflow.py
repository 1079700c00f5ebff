"""The repair request's workflow, declared once: the services run it, the detail page's buttons and
the API's actions are built from it (submitted → accepted → assigned → in progress → done →
confirmed, with reject, duplicate, reopen and hand-over)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import Role
from core.workflow import Guard, Transition, Workflow
from repairs.choices import Status
from repairs.models import DISPATCHERS, RepairEvent, RepairRequest

S = Status


def _is_dispatcher(user, request) -> bool:
    if user.is_superuser:
        return True
    return user.school_id == request.school_id and bool(user.role_codes & DISPATCHERS)


ONLY_ASSIGNEE = Guard(
    lambda user, request: _is_dispatcher(user, request) or request.assignee_id == user.pk,
    _("Only the worker this request is assigned to can do this."),
    code="not_assignee",
)
ONLY_REPORTER = Guard(
    lambda user, request: request.reporter_id == user.pk,
    _("Only the person who reported this request can do this."),
    code="not_reporter",
)
OWNER_OR_DIRECTOR = Guard(
    lambda user, request: (
        user.pk == request.owner_id
        or user.is_superuser
        or bool(user.role_codes & {Role.DIRECTOR, Role.ADMIN})
    ),
    _("Only the request's owner or the director can hand it over."),
    code="not_owner",
)
ASSIGNED_FIRST = Guard(
    lambda user, request: request.assignee_id is not None,
    _("Assign the request first."),
    code="not_assigned",
    status_code=409,
)

WORKING = frozenset({S.ASSIGNED, S.IN_PROGRESS, S.REOPENED})

ACCEPT = Transition(
    "accept",
    frozenset({S.SUBMITTED}),
    S.ACCEPTED,
    "dispatch",
    "repair_accepted",
    _("Accept"),
    pgettext_lazy("repair event", "Accepted"),
)
ASSIGN = Transition(
    "assign",
    frozenset({S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.REOPENED}),
    S.ASSIGNED,
    "dispatch",
    "repair_assigned",
    _("Assign"),
    pgettext_lazy("repair event", "Assigned"),
)
HAND_OVER = Transition(
    "hand_over",
    frozenset({S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.DONE, S.REOPENED}),
    None,
    "dispatch",
    "repair_handed_over",
    _("Hand over"),
    pgettext_lazy("repair event", "Handed over"),
    guards=(OWNER_OR_DIRECTOR,),
    path="hand-over",
)
REJECT = Transition(
    "reject",
    frozenset({S.SUBMITTED, S.ACCEPTED}),
    S.REJECTED,
    "dispatch",
    "repair_rejected",
    _("Reject"),
    pgettext_lazy("repair event", "Rejected"),
)
DUPLICATE = Transition(
    "duplicate",
    frozenset({S.SUBMITTED, S.ACCEPTED}),
    S.DUPLICATE,
    "dispatch",
    "repair_marked_duplicate",
    _("Mark as duplicate"),
    pgettext_lazy("repair event", "Marked as duplicate"),
)
START = Transition(
    "start",
    frozenset({S.ASSIGNED, S.REOPENED}),
    S.IN_PROGRESS,
    "work",
    "repair_started",
    _("Start"),
    pgettext_lazy("repair event", "Work started"),
    guards=(ASSIGNED_FIRST, ONLY_ASSIGNEE),
)
WORK = Transition(
    "work",
    WORKING,
    None,
    "work",
    "repair_work_recorded",
    _("Record work"),
    pgettext_lazy("repair event", "Work recorded"),
    guards=(ONLY_ASSIGNEE,),
    repeatable=True,
)
FINISH = Transition(
    "finish",
    WORKING,
    S.DONE,
    "work",
    "repair_done",
    _("Mark done"),
    pgettext_lazy("repair event", "Done"),
    guards=(ONLY_ASSIGNEE,),
)
CONFIRM = Transition(
    "confirm",
    frozenset({S.DONE}),
    S.CONFIRMED,
    "view",
    "repair_confirmed",
    _("Confirm and rate"),
    pgettext_lazy("repair event", "Confirmed"),
    guards=(ONLY_REPORTER,),
)
REOPEN = Transition(
    "reopen",
    frozenset({S.DONE, S.CONFIRMED}),
    S.REOPENED,
    "view",
    "repair_reopened",
    _("Reopen"),
    pgettext_lazy("repair event", "Reopened"),
    guards=(ONLY_REPORTER,),
)
AUTO_CONFIRM = Transition(
    "auto_confirm",
    frozenset({S.DONE}),
    S.CONFIRMED,
    None,
    "repair_auto_confirmed",
    pgettext_lazy("repair event", "Confirmed automatically"),
)


def _timeline(request: RepairRequest, transition: Transition, actor, before: str, note: str):
    """Each step is also a line of the request's own timeline (shown to the reporter)."""
    RepairEvent.objects.create(
        request=request,
        school_id=request.school_id,
        kind=transition.event.removeprefix("repair_"),
        from_status=before,
        to_status=request.status,
        actor=actor,
        at=timezone.now(),
        note=note or "",
    )


REPAIR_WORKFLOW = Workflow(
    model=RepairRequest,
    transitions=[
        ACCEPT,
        ASSIGN,
        HAND_OVER,
        REJECT,
        DUPLICATE,
        START,
        WORK,
        FINISH,
        CONFIRM,
        REOPEN,
        AUTO_CONFIRM,
    ],
    timeline=_timeline,
)
