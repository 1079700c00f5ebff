"""The office's steps: accept (ownership), assign, hand over, reject, duplicate."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets import services as asset_services
from core.choices import Role
from core.models import User
from repairs.choices import Priority, Status
from repairs.models import (
    DISPATCHERS,
    RepairRequest,
)
from repairs.services.common import (
    _check_from,
    _lock,
    _record,
    _require_dispatcher,
    _return_asset,
    _tell,
    settings_for,
)
from repairs.sla import Calendar, due_times


# ---- dispatching ----
@transaction.atomic
def repair_request_accept(
    *, request: RepairRequest, actor: User, priority: str | None = None, note: str = ""
) -> RepairRequest:
    """The actor receives the request and owns it (首问负责制) until they hand it on.

    A request on an asset sends the asset to repair. A new priority recomputes the SLA times.
    """
    request = _lock(request)
    _require_dispatcher(actor, request)
    _check_from(request, "accepted", {Status.SUBMITTED})
    before = request.status
    now = timezone.now()
    if priority and priority != request.priority:
        if priority not in Priority.values:
            raise ValidationError(_("Choose an urgency."), code="urgency")
        rules = settings_for(request.school)
        calendar = Calendar.for_school(request.school, rules)
        request.priority = priority
        request.respond_due_at, request.finish_due_at = due_times(
            calendar, rules, priority, request.created_at
        )
    request.status = Status.ACCEPTED
    request.owner = actor
    request.responded_at = now
    request.save()
    if request.asset_id:
        asset_services.asset_send_to_repair(
            asset=request.asset, actor=actor, reason=_("Repair request %s") % request.number
        )
    _record(request, kind="accepted", actor=actor, before=before, note=note)
    _tell(
        request,
        [request.reporter],
        _("Your repair request %(number)s was accepted") % {"number": request.number},
        _("%(owner)s is responsible for it.") % {"owner": actor},
    )
    return request


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
    """Give the work to a worker. A request still 'submitted' is accepted by the actor first."""
    _check_assignee(request, assignee)
    request = _lock(request)
    _require_dispatcher(actor, request)
    if request.status == Status.SUBMITTED:
        request = repair_request_accept(request=request, actor=actor)
    _check_from(request, "assigned", {Status.ACCEPTED, Status.ASSIGNED, Status.REOPENED})
    before = request.status
    request.status = Status.ASSIGNED
    request.assignee = assignee
    request.save()
    _record(request, kind="assigned", actor=actor, before=before, note=note or str(assignee))
    _tell(
        request,
        [assignee],
        _("Repair job %(number)s assigned to you") % {"number": request.number},
        f"{request.room}: {request.description[:200]}",
    )
    return request


@transaction.atomic
def repair_request_hand_over(
    *, request: RepairRequest, new_owner: User, actor: User, note: str = ""
) -> RepairRequest:
    """The owner (or the director) hands the request on to another staff member, on record."""
    request = _lock(request)
    if request.owner_id is None or request.status in (
        Status.CONFIRMED,
        Status.REJECTED,
        Status.DUPLICATE,
    ):
        raise ValidationError(
            _("Only an accepted, unfinished request can be handed over."), code="illegal_transition"
        )
    if actor.pk != request.owner_id and not (
        actor.is_superuser or actor.role_codes & {Role.DIRECTOR, Role.ADMIN}
    ):
        raise PermissionDenied(_("Only the request's owner or the director can hand it over."))
    if new_owner.school_id != request.school_id or not new_owner.role_codes & DISPATCHERS:
        raise ValidationError(
            _("A request can be handed to logistics staff or the director of this school."),
            code="new_owner",
        )
    if new_owner.pk == request.owner_id:
        raise ValidationError(_("That person already owns this request."), code="same_owner")
    previous = request.owner
    request.owner = new_owner
    request.save()
    text = _("From %(old)s to %(new)s.") % {"old": previous, "new": new_owner}
    _record(
        request,
        kind="handed_over",
        actor=actor,
        before=request.status,
        note=f"{text} {note}".strip(),
    )
    _tell(
        request,
        [new_owner],
        _("Repair request %(number)s handed over to you") % {"number": request.number},
        note,
    )
    return request


@transaction.atomic
def repair_request_reject(*, request: RepairRequest, actor: User, reason: str) -> RepairRequest:
    """Refuse a request (not a repair for the office, already planned...) with a stated reason."""
    if not reason or not reason.strip():
        raise ValidationError(_("Give the reason for the rejection."), code="reason")
    request = _lock(request)
    _require_dispatcher(actor, request)
    _check_from(request, "rejected", {Status.SUBMITTED, Status.ACCEPTED})
    before = request.status
    request.status = Status.REJECTED
    request.reject_reason = reason.strip()
    request.owner = request.owner or actor
    request.responded_at = request.responded_at or timezone.now()
    request.save()
    _return_asset(request, actor)
    _record(request, kind="rejected", actor=actor, before=before, note=request.reject_reason)
    _tell(
        request,
        [request.reporter],
        _("Your repair request %(number)s was rejected") % {"number": request.number},
        request.reject_reason,
    )
    return request


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
    request = _lock(request)
    _require_dispatcher(actor, request)
    _check_from(request, "marked_duplicate", {Status.SUBMITTED, Status.ACCEPTED})
    before = request.status
    request.status = Status.DUPLICATE
    request.duplicate_of = original
    request.owner = request.owner or actor
    request.responded_at = request.responded_at or timezone.now()
    request.save()
    _return_asset(request, actor)
    _record(
        request,
        kind="marked_duplicate",
        actor=actor,
        before=before,
        note=f"{original.number} {note}".strip(),
    )
    _tell(
        request,
        [request.reporter],
        _("Your repair request %(number)s is already reported as %(original)s")
        % {"number": request.number, "original": original.number},
        note,
    )
    return request
