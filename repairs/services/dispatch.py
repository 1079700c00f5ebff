"""The office's steps: accept (ownership), assign, hand over, reject, duplicate.

Who may take each step and from which status is declared in `repairs.workflow`; these functions
do each step's own work inside `REPAIR_WORKFLOW.run` (one lock, one audit event, one timeline line).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from core.choices import Role
from core.models import User
from core.workflow import UNCHANGED, Effect, Notice
from repairs import durations
from repairs.choices import Priority, Status
from repairs.models import DISPATCHERS, RepairRequest
from repairs.services.common import _return_asset, settings_for
from repairs.sla import Calendar, due_times
from repairs.workflow import ASSIGN, REPAIR_WORKFLOW


# ---- dispatching ----
@transaction.atomic
def repair_request_accept(
    *, request: RepairRequest, actor: User, priority: str | None = None, note: str = ""
) -> RepairRequest:
    """The actor receives the request and owns it (首问负责制) until they hand it on.

    A request on an asset sends the asset to repair. A new priority recomputes the SLA times.
    """
    if priority and priority not in Priority.values:
        raise ValidationError(_("Choose an urgency."), code="urgency")

    def apply(row: RepairRequest) -> Effect:
        rules = settings_for(row.school)
        if priority and priority != row.priority:
            row.priority = priority
            row.respond_due_at, row.finish_due_at = due_times(
                Calendar.for_school(row.school, rules), rules, priority, row.created_at
            )
        row.owner = actor
        row.responded_at = timezone.now()
        durations.store(row, rules)
        if row.asset is not None:
            asset_services.asset_send_to_repair(
                asset=row.asset, actor=actor, reason=_("Repair request %s") % row.number
            )
        return Effect(
            notices=[
                Notice(
                    [row.reporter],
                    _("Your repair request %(number)s was accepted") % {"number": row.number},
                    _("%(owner)s is responsible for it.") % {"owner": actor},
                )
            ]
        )

    return REPAIR_WORKFLOW.run("accept", row=request, actor=actor, apply=apply, note=note)


def _check_assignee(request: RepairRequest, assignee: User) -> None:
    if assignee.school_id != request.school_id or not assignee.is_active:
        raise ValidationError(_("That person is not staff of this school."), code="other_school")
    if not assignee.role_codes & {Role.WORKER, Role.LOGISTICS}:
        raise ValidationError(
            _("Requests are assigned to repair workers or logistics staff."), code="assignee"
        )


@transaction.atomic
def repair_request_assign(
    *, request: RepairRequest, assignee: User, actor: User, note: str = ""
) -> RepairRequest:
    """Give the work to a worker. A request still 'submitted' is accepted by the actor first.

    Assigning the worker it is already assigned to changes, records and notifies nothing (a
    double tap or two dispatchers at once make one assignment).
    """
    _check_assignee(request, assignee)
    locked = REPAIR_WORKFLOW.lock(request)
    REPAIR_WORKFLOW.check(actor, locked, ASSIGN)
    if locked.status == Status.SUBMITTED:
        locked = repair_request_accept(request=locked, actor=actor)

    def apply(row: RepairRequest):
        if row.status == Status.ASSIGNED and row.assignee_id == assignee.pk:
            return UNCHANGED
        row.assignee = assignee
        return Effect(
            note=note or str(assignee),
            notices=[
                Notice(
                    [assignee],
                    _("Repair job %(number)s assigned to you") % {"number": row.number},
                    f"{row.room}: {row.description[:200]}",
                )
            ],
        )

    return REPAIR_WORKFLOW.run("assign", row=locked, actor=actor, apply=apply)


@transaction.atomic
def repair_request_hand_over(
    *, request: RepairRequest, new_owner: User, actor: User, note: str = ""
) -> RepairRequest:
    """The owner (or the director) hands the request on to another staff member, on record."""
    if new_owner.school_id != request.school_id or not new_owner.role_codes & DISPATCHERS:
        raise ValidationError(
            _("A request can be handed to logistics staff or the director of this school."),
            code="new_owner",
        )

    def apply(row: RepairRequest) -> Effect:
        if new_owner.pk == row.owner_id:
            raise ValidationError(_("That person already owns this request."), code="same_owner")
        previous, row.owner = row.owner, new_owner
        text = _("From %(old)s to %(new)s.") % {"old": previous, "new": new_owner}
        return Effect(
            note=f"{text} {note}".strip(),
            notices=[
                Notice(
                    [new_owner],
                    _("Repair request %(number)s handed over to you") % {"number": row.number},
                    note,
                )
            ],
        )

    return REPAIR_WORKFLOW.run("hand_over", row=request, actor=actor, apply=apply)


@transaction.atomic
def repair_request_reject(*, request: RepairRequest, actor: User, reason: str) -> RepairRequest:
    """Refuse a request (not a repair for the office, already planned...) with a stated reason."""
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the rejection."), code="reason")

    def apply(row: RepairRequest) -> Effect:
        row.reject_reason = reason.strip()
        row.owner = row.owner or actor
        row.responded_at = row.responded_at or timezone.now()
        durations.store(row, settings_for(row.school))
        _return_asset(row, actor)
        return Effect(
            note=row.reject_reason,
            notices=[
                Notice(
                    [row.reporter],
                    _("Your repair request %(number)s was rejected") % {"number": row.number},
                    row.reject_reason,
                )
            ],
        )

    return REPAIR_WORKFLOW.run("reject", row=request, actor=actor, apply=apply)


@transaction.atomic
def repair_request_mark_duplicate(
    *, request: RepairRequest, original: RepairRequest, actor: User, note: str = ""
) -> RepairRequest:
    """Close a request as a duplicate of another one of the same school (linked)."""
    if original.pk == request.pk or original.school_id != request.school_id:
        raise ValidationError(_("Choose another request of this school."), code="original")
    if original.status in (Status.DUPLICATE, Status.REJECTED):
        raise ValidationError(
            _("The original must be a request that is being handled."), code="original"
        )

    def apply(row: RepairRequest) -> Effect:
        row.duplicate_of = original
        row.owner = row.owner or actor
        row.responded_at = row.responded_at or timezone.now()
        durations.store(row, settings_for(row.school))
        _return_asset(row, actor)
        return Effect(
            note=f"{original.number} {note}".strip(),
            notices=[
                Notice(
                    [row.reporter],
                    _("Your repair request %(number)s is already reported as %(original)s")
                    % {"number": row.number, "original": original.number},
                    note,
                )
            ],
        )

    return REPAIR_WORKFLOW.run("duplicate", row=request, actor=actor, apply=apply)
