"""Writes on the ledger. Views, the API and other modules (repairs) call these, never the ORM.

Every function is atomic; stock-changing ones lock the rows they change, so two people issuing the
last units at the same moment get one slip and one clear refusal, never a negative stock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import AssetStatus, MovementKind, StockSlipKind
from assets.models import Asset, AssetMovement, AssetSettings, Consumable, StockSlip, StockSlipLine
from core import audit
from core.models import School, User

SLIP_PREFIX = {StockSlipKind.IN: "RK", StockSlipKind.OUT: "LY"}


def settings_for(school: School, *, lock: bool = False) -> AssetSettings:
    queryset = AssetSettings.objects.select_for_update() if lock else AssetSettings.objects
    found = queryset.filter(school=school).first()
    if found is None:
        found, _created = AssetSettings.objects.get_or_create(school=school)
    return found


def _next_slip_number(school: School, kind: str, date: dt.date) -> str:
    """RK-20261120-003: the school's settings row is locked, so numbers never collide."""
    settings_for(school, lock=True)
    prefix = f"{SLIP_PREFIX[kind]}-{date:%Y%m%d}-"
    taken = StockSlip.objects.filter(school=school, number__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


@transaction.atomic
def consumable_stock_in(
    *,
    school: School,
    actor: User,
    lines: Sequence[tuple[Consumable, Decimal]],
    supplier: str = "",
    reason: str = "",
    date: dt.date | None = None,
    unit_prices: Sequence[Decimal] | None = None,
) -> StockSlip:
    """Receive goods: one stock-in slip, stock goes up by each line's quantity."""
    date = date or timezone.localdate()
    _check_lines(school, lines)
    slip = StockSlip.objects.create(
        school=school,
        kind=StockSlipKind.IN,
        number=_next_slip_number(school, StockSlipKind.IN, date),
        date=date,
        actor=actor,
        supplier=supplier,
        reason=reason,
    )
    locked = _locked(lines)
    for index, (item, quantity) in enumerate(lines):
        price = unit_prices[index] if unit_prices else locked[item.pk].unit_price
        Consumable.objects.filter(pk=item.pk).update(
            quantity_on_hand=F("quantity_on_hand") + quantity
        )
        balance = locked[item.pk].quantity_on_hand + quantity
        locked[item.pk].quantity_on_hand = balance
        StockSlipLine.objects.create(
            slip=slip, consumable=item, quantity=quantity, unit_price=price, balance_after=balance
        )
    audit.record_event(slip, event="stock_in", actor=actor)
    return slip


@transaction.atomic
def consumable_issue(
    *,
    school: School,
    actor: User,
    lines: Sequence[tuple[Consumable, Decimal]],
    recipient: User | None = None,
    reason: str = "",
    reference: str = "",
    date: dt.date | None = None,
) -> StockSlip:
    """Issue stock (领用). Refuses, changing nothing, when any line asks for more than is on hand."""
    date = date or timezone.localdate()
    _check_lines(school, lines)
    locked = _locked(lines)
    for item, quantity in lines:
        current = locked[item.pk]
        if quantity > current.quantity_on_hand:
            raise ValidationError(
                _("Only %(left)s %(unit)s of %(item)s are in stock; %(asked)s were asked for.")
                % {
                    "left": _plain(current.quantity_on_hand),
                    "unit": current.unit,
                    "item": current,
                    "asked": _plain(quantity),
                },
                code="insufficient_stock",
            )
    slip = StockSlip.objects.create(
        school=school,
        kind=StockSlipKind.OUT,
        number=_next_slip_number(school, StockSlipKind.OUT, date),
        date=date,
        actor=actor,
        recipient=recipient,
        reason=reason,
        reference=reference,
    )
    for item, quantity in lines:
        current = locked[item.pk]
        current.quantity_on_hand -= quantity
        try:
            with transaction.atomic():
                Consumable.objects.filter(pk=item.pk).update(
                    quantity_on_hand=F("quantity_on_hand") - quantity
                )
        except IntegrityError:  # the database constraint, should the lock ever be bypassed
            raise ValidationError(
                _("Stock cannot go below zero."), code="insufficient_stock"
            ) from None
        StockSlipLine.objects.create(
            slip=slip,
            consumable=item,
            quantity=quantity,
            unit_price=current.unit_price,
            balance_after=current.quantity_on_hand,
        )
    audit.record_event(slip, event="stock_issued", actor=actor)
    return slip


def _check_lines(school: School, lines: Sequence[tuple[Consumable, Decimal]]) -> None:
    if not lines:
        raise ValidationError(_("A slip needs at least one line."), code="empty")
    for item, quantity in lines:
        if item.school_id != school.pk:
            raise ValidationError(_("That item belongs to another school."), code="other_school")
        if quantity is None or Decimal(quantity) <= 0:
            raise ValidationError(_("Quantities must be greater than zero."), code="quantity")
    if len({item.pk for item, _q in lines}) != len(lines):
        raise ValidationError(_("Each item may appear once per slip."), code="duplicate")


def _locked(lines: Sequence[tuple[Consumable, Decimal]]) -> dict[int, Consumable]:
    """Lock the items in primary-key order (a fixed order, so two slips never deadlock)."""
    ids = sorted(item.pk for item, _q in lines)
    return {
        c.pk: c for c in Consumable.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def record_movement(
    *, asset: Asset, kind: str, actor: User, status_after: str, reason: str = "", **fields
) -> AssetMovement:
    """Write one movement and the asset's new status (callers hold the asset's row lock)."""
    movement = AssetMovement.objects.create(
        school_id=asset.school_id,
        asset=asset,
        kind=kind,
        actor=actor,
        status_before=asset.status,
        status_after=status_after,
        reason=reason,
        **fields,
    )
    asset.status = status_after
    asset.save(update_fields=["status", "updated_at"])
    return movement


def _lock_asset(asset: Asset) -> Asset:
    return Asset.objects.select_for_update().get(pk=asset.pk)


@transaction.atomic
def asset_send_to_repair(*, asset: Asset, actor: User, reason: str) -> AssetMovement:
    """The asset goes under repair (called by repairs when a request on it is accepted)."""
    asset = _lock_asset(asset)
    if asset.status == AssetStatus.DISPOSED:
        raise ValidationError(_("A disposed asset cannot be repaired."), code="disposed")
    if asset.status == AssetStatus.UNDER_REPAIR:
        return asset.movements.filter(kind=MovementKind.REPAIR_OUT).first()
    return record_movement(
        asset=asset,
        kind=MovementKind.REPAIR_OUT,
        actor=actor,
        status_after=AssetStatus.UNDER_REPAIR,
        reason=reason,
    )


@transaction.atomic
def asset_back_from_repair(*, asset: Asset, actor: User, reason: str = "") -> AssetMovement | None:
    """The repair is over: the asset returns to the status it had before (None if it was not out)."""
    asset = _lock_asset(asset)
    if asset.status != AssetStatus.UNDER_REPAIR:
        return None
    sent = asset.movements.filter(kind=MovementKind.REPAIR_OUT).order_by("-pk").first()
    before = sent.status_before if sent else AssetStatus.IN_USE
    return record_movement(
        asset=asset, kind=MovementKind.REPAIR_BACK, actor=actor, status_after=before, reason=reason
    )
