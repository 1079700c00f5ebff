"""Stocktakes (盘点): start, walk room by room, report, confirm (reconciles the ledger)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import (
    AssetStatus,
    MovementKind,
    StocktakeResult,
    StocktakeStatus,
)
from assets.models import (
    Asset,
    AssetMovement,
    Stocktake,
    StocktakeLine,
)
from assets.selectors import CHECKED
from assets.services.common import (
    _lock_asset,
    _refuse_if,
    record_movement,
)
from core import audit
from core.choices import Role
from core.models import Room, School, User


@transaction.atomic
def stocktake_start(
    *, school: School, actor: User, title: str, rooms: Sequence[Room] = ()
) -> Stocktake:
    """Open a stocktake of the given rooms (none: the whole school); one line per asset the ledger
    places there (disposed and archived assets excluded)."""
    _refuse_if(not (title or "").strip(), _("Give the stocktake a title."), "title")
    for room in rooms:
        _refuse_if(
            room.school_id != school.pk, _("That room belongs to another school."), "other_school"
        )
    stocktake = Stocktake.objects.create(
        school=school, title=title.strip(), started_by=actor, whole_school=not rooms
    )
    if rooms:
        stocktake.rooms.set(rooms)
    assets = Asset.objects.filter(school=school, archived_at__isnull=True).exclude(
        status=AssetStatus.DISPOSED
    )
    if rooms:
        assets = assets.filter(room__in=rooms)
    StocktakeLine.objects.bulk_create(
        [
            StocktakeLine(school=school, stocktake=stocktake, asset_id=pk, expected_room_id=room)
            for pk, room in assets.values_list("pk", "room_id").iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )
    audit.record_event(stocktake, event="stocktake_started", actor=actor)
    return stocktake


def _open(stocktake: Stocktake) -> Stocktake:
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    _refuse_if(
        stocktake.status != StocktakeStatus.OPEN,
        _("This stocktake is confirmed; it can no longer change."),
        "confirmed",
    )
    return stocktake


@transaction.atomic
def stocktake_mark(
    *, line: StocktakeLine, actor: User, result: str, note: str = ""
) -> StocktakeLine:
    """Mark a listed asset found, missing or damaged (again, to correct a mistake)."""
    _open(line.stocktake)
    _refuse_if(
        result
        not in (
            StocktakeResult.FOUND,
            StocktakeResult.MISSING,
            StocktakeResult.DAMAGED,
            StocktakeResult.PENDING,
        ),
        _("Mark it found, missing or damaged."),
        "result",
    )
    line.result = result
    line.note = note
    line.found_room = line.expected_room if result in CHECKED else None
    line.checked_by = actor
    line.checked_at = timezone.now()
    line.save(
        update_fields=["result", "note", "found_room", "checked_by", "checked_at", "updated_at"]
    )
    return line


@transaction.atomic
def stocktake_record_surplus(
    *,
    stocktake: Stocktake,
    actor: User,
    room: Room,
    asset: Asset | None = None,
    description: str = "",
    note: str = "",
) -> StocktakeLine:
    """Something found in `room` that is not on its list: an asset of another room (by its code or
    QR) or an item not on the ledger at all (described)."""
    stocktake = _open(stocktake)
    _refuse_if(
        room.school_id != stocktake.school_id,
        _("That room belongs to another school."),
        "other_school",
    )
    now = timezone.now()
    if asset is None:
        _refuse_if(not (description or "").strip(), _("Describe the item found."), "description")
        return StocktakeLine.objects.create(
            school_id=stocktake.school_id,
            stocktake=stocktake,
            found_room=room,
            result=StocktakeResult.UNREGISTERED,
            description=description.strip(),
            note=note,
            checked_by=actor,
            checked_at=now,
        )
    _refuse_if(
        asset.school_id != stocktake.school_id,
        _("That asset belongs to another school."),
        "other_school",
    )
    line = StocktakeLine.objects.filter(stocktake=stocktake, asset=asset).first()
    if line is None:
        line = StocktakeLine(
            school_id=stocktake.school_id,
            stocktake=stocktake,
            asset=asset,
            expected_room=asset.room,
        )
    line.found_room = room
    line.result = (
        StocktakeResult.FOUND if line.expected_room_id == room.pk else StocktakeResult.WRONG_ROOM
    )
    line.note = note
    line.checked_by, line.checked_at = actor, now
    line.save()
    return line


def stocktake_report(stocktake: Stocktake) -> dict[str, list[StocktakeLine]]:
    """The lines grouped by what the office must act on (one query)."""
    groups: dict[str, list[StocktakeLine]] = {value: [] for value in StocktakeResult.values}
    lines = stocktake.lines.select_related(
        "asset", "expected_room__building", "found_room__building", "checked_by"
    ).order_by("expected_room_id", "asset__code", "pk")
    for line in lines:
        groups[line.result].append(line)
    return groups


@transaction.atomic
def stocktake_confirm(*, stocktake: Stocktake, actor: User) -> list[AssetMovement]:
    """The director confirms: the ledger is reconciled, one movement per change (the stocktake as
    the reason): missing → status missing; wrong room → moved to where it was found; damaged → noted;
    a missing asset found again → back in use. Refused while assets remain unchecked."""
    _refuse_if(
        not (actor.is_superuser or actor.has_role(Role.DIRECTOR)),
        _("Only the director confirms a stocktake."),
        "role",
    )
    stocktake = _open(stocktake)
    pending = stocktake.lines.filter(result=StocktakeResult.PENDING).count()
    _refuse_if(
        pending > 0,
        _("%(n)s listed assets have not been checked yet.") % {"n": pending},
        "pending",
    )
    reason = _("Stocktake: %(title)s") % {"title": stocktake.title}
    movements = []
    lines = stocktake.lines.filter(asset__isnull=False).exclude(result=StocktakeResult.PENDING)
    for line in lines.select_related("asset").order_by("asset_id"):
        assert line.asset is not None  # the lines were filtered on asset__isnull=False
        asset = _lock_asset(line.asset)
        if asset.status == AssetStatus.DISPOSED:
            continue
        if line.result == StocktakeResult.MISSING:
            if asset.status != AssetStatus.MISSING:
                movements.append(
                    record_movement(
                        asset=asset,
                        kind=MovementKind.STOCKTAKE,
                        actor=actor,
                        status_after=AssetStatus.MISSING,
                        reason=reason,
                        from_room=asset.room,
                    )
                )
            continue
        status_after = asset.status
        if asset.status == AssetStatus.MISSING:
            status_after = AssetStatus.IN_USE if asset.custodian_id else AssetStatus.IN_STOCK
        moved = line.found_room_id and line.found_room_id != asset.room_id
        if moved or status_after != asset.status or line.result == StocktakeResult.DAMAGED:
            from_room = asset.room
            if moved:
                asset.room_id = line.found_room_id
                asset.save(update_fields=["room", "updated_at"])
            note = reason
            if line.result == StocktakeResult.DAMAGED:
                note = f"{reason} · {_('Damaged')}" + (f": {line.note}" if line.note else "")
            movements.append(
                record_movement(
                    asset=asset,
                    kind=MovementKind.STOCKTAKE,
                    actor=actor,
                    status_after=status_after,
                    reason=note[:300],
                    from_room=from_room,
                    to_room=asset.room,
                )
            )
    stocktake.status = StocktakeStatus.CONFIRMED
    stocktake.confirmed_by = actor
    stocktake.confirmed_at = timezone.now()
    stocktake.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    audit.record_event(stocktake, event="stocktake_confirmed", actor=actor)
    return movements
