"""What the repairs module does to an asset: send it to repair and bring it back."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assets.choices import (
    AssetStatus,
    MovementKind,
)
from assets.models import (
    Asset,
    AssetMovement,
)
from assets.services.common import (
    _lock_asset,
    record_movement,
)
from core.models import User


@transaction.atomic
def asset_send_to_repair(*, asset: Asset, actor: User, reason: str) -> AssetMovement | None:
    """The asset goes under repair (called by repairs when a request on it is accepted); one
    already under repair keeps its repair-out movement (None if it has none)."""
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
