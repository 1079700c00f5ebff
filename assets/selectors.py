"""Reads of the ledger that several screens share (they take and return querysets)."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from assets.choices import AssetStatus, MovementKind, StocktakeResult
from assets.models import StocktakeLine

# Results that count as "seen in a stocktake".
CHECKED = (StocktakeResult.FOUND, StocktakeResult.DAMAGED, StocktakeResult.WRONG_ROOM)


def overdue_loans(queryset, *, today: dt.date | None = None):
    """Loans not returned whose due date has passed (queryset of AssetMovement)."""
    today = today or timezone.localdate()
    return queryset.filter(kind=MovementKind.LEND, returned=False, due_date__lt=today)


def below_reorder_level(queryset):
    """Consumables whose stock is under their reorder level."""
    return queryset.filter(quantity_on_hand__lt=F("reorder_level"))


def never_stocktaken(queryset):
    """Assets that no stocktake has ever seen (found, damaged or found elsewhere)."""
    from django.db.models import Exists, OuterRef

    seen = StocktakeLine.objects.filter(asset=OuterRef("pk"), result__in=CHECKED)
    return queryset.exclude(status=AssetStatus.DISPOSED).filter(~Exists(seen))
