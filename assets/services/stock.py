"""Consumable stock (易耗品): stock-in and issue slips. Stock never goes negative:
the items are locked in a fixed order, so two people issuing the last units at once get one slip
and one clear refusal.
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

from assets.choices import (
    StockSlipKind,
)
from assets.models import (
    Consumable,
    StockSlip,
    StockSlipLine,
)
from assets.services.common import (
    _plain,
    settings_for,
)
from core import audit
from core.models import School, User

SLIP_PREFIX: dict[str, str] = {StockSlipKind.IN: "RK", StockSlipKind.OUT: "LY"}


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
