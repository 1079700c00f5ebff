"""The append-only movement log of asset cards (领用、调拨、归还…)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import (
    AssetStatus,
    MovementKind,
)
from assets.models.cards import Asset
from assets.models.common import ASSET_MANAGERS, ASSET_READERS
from core.access import Access
from core.choices import Role
from core.models import PermanentRecordError, SchoolScopedModel


class AssetMovement(SchoolScopedModel):
    """A dated, attributed change of an asset's place, holder or state. Kept forever."""

    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="movements", verbose_name=_("asset")
    )
    kind = models.CharField(_("movement"), max_length=20, choices=MovementKind)
    date = models.DateField(_("date"), default=timezone.localdate)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="asset_movements_made",
        verbose_name=_("recorded by"),
    )
    from_room = models.ForeignKey(
        "core.Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from room"),
    )
    to_room = models.ForeignKey(
        "core.Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to room"),
    )
    from_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from custodian"),
    )
    to_custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to custodian"),
    )
    to_class = models.ForeignKey(
        "core.SchoolClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to class"),
    )
    status_before = models.CharField(_("status before"), max_length=20, choices=AssetStatus)
    status_after = models.CharField(_("status after"), max_length=20, choices=AssetStatus)
    due_date = models.DateField(_("due back"), null=True, blank=True)
    returned = models.BooleanField(_("returned"), default=False)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # The last day an overdue reminder was sent for this loan (one reminder a day at most).
    reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)

    access = Access(
        view=ASSET_READERS,
        manage=ASSET_MANAGERS,
        own=frozenset({Role.TEACHER}),
        own_rows=lambda user: (
            Q(asset__custodian=user) | Q(asset__responsible_class__homeroom_teacher=user)
        ),
    )

    class Meta:
        verbose_name = _("asset movement")
        verbose_name_plural = _("asset movements")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=MovementKind.LEND) | Q(due_date__isnull=True),
                name="assets_movement_due_only_for_loans",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MovementKind.DISPOSAL) | ~Q(reason=""),
                name="assets_movement_disposal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["asset", "-date"], name="assets_move_asset_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.asset_id} {self.date}"

    def delete(self, *args, **kwargs):
        raise PermanentRecordError("Asset movements are kept forever.")
