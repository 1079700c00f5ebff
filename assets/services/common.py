"""Shared pieces of the ledger services: settings, row locks, movements, refusals."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assets.models import (
    Asset,
    AssetMovement,
    AssetSettings,
)
from core.models import School, User


def settings_for(school: School, *, lock: bool = False) -> AssetSettings:
    queryset = AssetSettings.objects.select_for_update() if lock else AssetSettings.objects
    found = queryset.filter(school=school).first()
    if found is None:
        found, _created = AssetSettings.objects.get_or_create(school=school)
    return found


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


def _refuse_if(condition: bool, message: str, code: str) -> None:
    if condition:
        raise ValidationError(message, code=code)


def _check_same_school(asset: Asset, *related) -> None:
    for item in related:
        if item is not None and item.school_id != asset.school_id:
            raise ValidationError(_("That record belongs to another school."), code="other_school")
