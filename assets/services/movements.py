"""Movements of an asset: issue, lend, return, transfer, disposal; loan reminders."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import (
    AssetStatus,
    DisposalStatus,
    MovementKind,
)
from assets.models import (
    Asset,
    AssetMovement,
    DisposalRequest,
)
from assets.selectors import overdue_loans
from assets.services.common import (
    _check_same_school,
    _lock_asset,
    _refuse_if,
    record_movement,
)
from assets.workflow import DISPOSAL_WORKFLOW
from core import audit
from core.choices import Role
from core.models import Room, SchoolClass, User
from core.workflow import Effect


@transaction.atomic
def asset_issue(
    *,
    asset: Asset,
    actor: User,
    to_custodian: User | None = None,
    to_class: SchoolClass | None = None,
    to_room: Room | None = None,
    reason: str = "",
) -> AssetMovement:
    """领用: the asset goes into a person's or class's use for good (until returned)."""
    asset = _lock_asset(asset)
    _check_same_school(asset, to_custodian, to_class, to_room)
    _refuse_if(
        asset.status not in (AssetStatus.IN_STOCK, AssetStatus.IDLE, AssetStatus.IN_USE),
        _("Only an asset in stock, idle or in use can be issued (it is %(status)s).")
        % {"status": asset.get_status_display()},
        "status",
    )
    _refuse_if(
        to_custodian is None and to_class is None,
        _("Say who receives it: a person or a class."),
        "recipient",
    )
    return _hand_over(
        asset,
        actor,
        MovementKind.ISSUE,
        AssetStatus.IN_USE,
        to_custodian,
        to_class,
        to_room,
        reason,
    )


@transaction.atomic
def asset_lend(
    *,
    asset: Asset,
    actor: User,
    due_date: dt.date,
    to_custodian: User | None = None,
    to_class: SchoolClass | None = None,
    to_room: Room | None = None,
    reason: str = "",
) -> AssetMovement:
    """借用: lent to a person or a class until the due date; listed as overdue after it."""
    asset = _lock_asset(asset)
    _check_same_school(asset, to_custodian, to_class, to_room)
    _refuse_if(
        asset.status not in (AssetStatus.IN_STOCK, AssetStatus.IDLE, AssetStatus.IN_USE),
        _("Only an asset in stock, idle or in use can be lent (it is %(status)s).")
        % {"status": asset.get_status_display()},
        "status",
    )
    _refuse_if(
        to_custodian is None and to_class is None,
        _("Say who borrows it: a person or a class."),
        "recipient",
    )
    _refuse_if(due_date is None, _("A loan needs a due date."), "due_date")
    _refuse_if(
        due_date < timezone.localdate(), _("The due date cannot be in the past."), "due_date"
    )
    return _hand_over(
        asset,
        actor,
        MovementKind.LEND,
        AssetStatus.LENT,
        to_custodian,
        to_class,
        to_room,
        reason,
        due_date=due_date,
    )


def _hand_over(asset, actor, kind, status, to_custodian, to_class, to_room, reason, **extra):
    from_room, from_custodian = asset.room, asset.custodian
    asset.custodian = to_custodian
    asset.responsible_class = to_class if to_class is not None else asset.responsible_class
    if to_room is not None:
        asset.room = to_room
    asset.save(update_fields=["custodian", "responsible_class", "room", "updated_at"])
    return record_movement(
        asset=asset,
        kind=kind,
        actor=actor,
        status_after=status,
        reason=reason,
        from_room=from_room,
        to_room=asset.room,
        from_custodian=from_custodian,
        to_custodian=to_custodian,
        to_class=to_class,
        **extra,
    )


@transaction.atomic
def asset_return(
    *, asset: Asset, actor: User, to_room: Room | None = None, reason: str = ""
) -> AssetMovement:
    """归还: a lent or issued asset comes back; a loan gives the previous holder back their custody."""
    asset = _lock_asset(asset)
    _check_same_school(asset, to_room)
    _refuse_if(
        asset.status not in (AssetStatus.LENT, AssetStatus.IN_USE),
        _("Only a lent or issued asset can be returned."),
        "status",
    )
    loan = (
        asset.movements.filter(kind=MovementKind.LEND, returned=False).order_by("-pk").first()
        if asset.status == AssetStatus.LENT
        else None
    )
    from_room, from_custodian = asset.room, asset.custodian
    if loan is not None:
        AssetMovement.objects.filter(pk=loan.pk).update(returned=True)
        asset.custodian = loan.from_custodian
        asset.room = to_room or loan.from_room or asset.room
        status_after = loan.status_before
        if status_after == AssetStatus.IN_USE and asset.custodian is None:
            status_after = AssetStatus.IN_STOCK
    else:
        asset.custodian = None
        asset.responsible_class = None
        asset.room = to_room or asset.room
        status_after = AssetStatus.IN_STOCK
    asset.save(update_fields=["custodian", "responsible_class", "room", "updated_at"])
    return record_movement(
        asset=asset,
        kind=MovementKind.RETURN,
        actor=actor,
        status_after=status_after,
        reason=reason,
        from_room=from_room,
        to_room=asset.room,
        from_custodian=from_custodian,
        to_custodian=asset.custodian,
    )


@transaction.atomic
def asset_transfer(
    *,
    asset: Asset,
    actor: User,
    to_room: Room | None = None,
    to_custodian: User | None = None,
    reason: str = "",
) -> AssetMovement:
    """调拨: to another room and/or another custodian; the status does not change."""
    asset = _lock_asset(asset)
    _check_same_school(asset, to_room, to_custodian)
    _refuse_if(
        asset.status in (AssetStatus.DISPOSED, AssetStatus.LENT),
        _("A disposed or lent asset cannot be transferred."),
        "status",
    )
    _refuse_if(
        to_room is None and to_custodian is None,
        _("Choose the new room or the new custodian."),
        "empty",
    )
    from_room, from_custodian = asset.room, asset.custodian
    if to_room is not None:
        asset.room = to_room
    if to_custodian is not None:
        asset.custodian = to_custodian
    asset.save(update_fields=["room", "custodian", "updated_at"])
    status_after = asset.status
    if to_custodian is not None and asset.status == AssetStatus.IN_STOCK:
        status_after = AssetStatus.IN_USE
    return record_movement(
        asset=asset,
        kind=MovementKind.TRANSFER,
        actor=actor,
        status_after=status_after,
        reason=reason,
        from_room=from_room,
        to_room=asset.room,
        from_custodian=from_custodian,
        to_custodian=asset.custodian,
    )


@transaction.atomic
def disposal_request(*, asset: Asset, actor: User, reason: str) -> DisposalRequest:
    """报废申请: needs a reason; refused for a lent, disposed or already pending asset."""
    asset = _lock_asset(asset)
    _refuse_if(not (reason or "").strip(), _("A disposal needs a reason."), "reason")
    _refuse_if(
        asset.status == AssetStatus.DISPOSED, _("This asset is already disposed."), "disposed"
    )
    _refuse_if(
        asset.status == AssetStatus.LENT,
        _("This asset is lent out; it must be returned before it can be disposed."),
        "lent",
    )
    _refuse_if(
        asset.disposal_requests.filter(status=DisposalStatus.PENDING).exists(),
        _("A disposal request for this asset is already waiting for approval."),
        "pending",
    )
    request = DisposalRequest.objects.create(
        school_id=asset.school_id, asset=asset, reason=reason.strip(), requested_by=actor
    )
    audit.record_event(request, event="disposal_requested", actor=actor)
    return request


@transaction.atomic
def disposal_approve(*, request: DisposalRequest, actor: User, note: str = "") -> DisposalRequest:
    """The director approves: the asset is disposed (its card stays). Refused while it is lent."""

    def apply(row: DisposalRequest) -> Effect:
        asset = _lock_asset(row.asset)
        # Checked again under the asset's lock: it may have been lent since the page was shown.
        DISPOSAL_WORKFLOW.check(actor, row, "approve")
        asset.disposed_on = timezone.localdate()
        asset.save(update_fields=["disposed_on", "updated_at"])
        record_movement(
            asset=asset,
            kind=MovementKind.DISPOSAL,
            actor=actor,
            status_after=AssetStatus.DISPOSED,
            reason=row.reason,
            from_room=asset.room,
            from_custodian=asset.custodian,
        )
        return _decided(row, actor, note)

    return DISPOSAL_WORKFLOW.run("approve", row=request, actor=actor, apply=apply)


@transaction.atomic
def disposal_reject(*, request: DisposalRequest, actor: User, note: str = "") -> DisposalRequest:
    """The director rejects the disposal: the asset stays as it is."""
    return DISPOSAL_WORKFLOW.run(
        "reject", row=request, actor=actor, apply=lambda row: _decided(row, actor, note)
    )


def _decided(row: DisposalRequest, actor: User, note: str) -> Effect:
    row.decided_by = actor
    row.decided_at = timezone.now()
    row.decision_note = note
    return Effect()


def disposal_decide(
    *, request: DisposalRequest, actor: User, approve: bool, note: str = ""
) -> DisposalRequest:
    """The director approves (the asset is disposed; its card stays) or rejects a disposal."""
    decide = disposal_approve if approve else disposal_reject
    return decide(request=request, actor=actor, note=note)


def remind_overdue_loans(*, today: dt.date | None = None) -> int:
    """Tell each borrower (and the school's logistics staff) about loans past their due date.
    At most one reminder per loan per day: a second run the same day sends nothing."""
    from core.services import notify

    today = today or timezone.localdate()
    sent = 0
    loans = overdue_loans(AssetMovement.objects.all(), today=today).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    )
    for loan_id in loans.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = (
                AssetMovement.objects.filter(pk=loan_id)
                .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
                .update(reminded_on=today)
            )
            if not claimed:
                continue
            loan = AssetMovement.objects.select_related("asset", "school", "to_custodian").get(
                pk=loan_id
            )
            staff = User.objects.filter(
                school_id=loan.school_id, is_active=True, user_roles__role=Role.LOGISTICS
            )
            recipients = [*staff, *([loan.to_custodian] if loan.to_custodian else [])]
            notify(
                recipients=recipients,
                school=loan.school,
                title=_("Overdue loan: %(asset)s") % {"asset": loan.asset},
                body=_("Due back on %(date)s.") % {"date": loan.due_date},
                url=loan.asset.get_absolute_url(),
            )
            sent += 1
    return sent
