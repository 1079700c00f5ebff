"""Stocktakes (资产盘点) and their lines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import (
    StocktakeResult,
    StocktakeStatus,
)
from assets.models.cards import Asset
from assets.models.common import ASSET_MANAGERS, ASSET_READERS
from core.access import Access
from core.choices import Role
from core.models import SchoolScopedModel


class Stocktake(SchoolScopedModel):
    """盘点: a count of what the ledger says is in a set of rooms (or the whole school)."""

    title = models.CharField(_("title"), max_length=100)
    rooms = models.ManyToManyField(
        "core.Room", blank=True, related_name="stocktakes", verbose_name=_("rooms")
    )
    whole_school = models.BooleanField(_("whole school"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=StocktakeStatus, default=StocktakeStatus.OPEN
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    access = Access(
        view=ASSET_READERS,
        manage=ASSET_MANAGERS,
        extra_actions={"confirm": frozenset({Role.DIRECTOR})},
    )

    class Meta:
        verbose_name = _("stocktake")
        verbose_name_plural = _("stocktakes")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="assets_stocktake_confirmed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assets:stocktake_detail", args=[self.pk])


class StocktakeLine(SchoolScopedModel):
    """One asset expected (or found) in a stocktake, or one unregistered item found."""

    stocktake = models.ForeignKey(
        Stocktake, on_delete=models.CASCADE, related_name="lines", verbose_name=_("stocktake")
    )
    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stocktake_lines",
        verbose_name=_("asset"),
    )
    expected_room = models.ForeignKey(
        "core.Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room on the ledger"),
    )
    found_room = models.ForeignKey(
        "core.Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room found in"),
    )
    result = models.CharField(
        _("result"), max_length=20, choices=StocktakeResult, default=StocktakeResult.PENDING
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    access = Access(view=ASSET_READERS, manage=ASSET_MANAGERS)

    class Meta:
        verbose_name = _("stocktake line")
        verbose_name_plural = _("stocktake lines")
        ordering = ["expected_room_id", "asset__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["stocktake", "asset"], name="assets_stocktake_asset_once"
            ),
            models.CheckConstraint(
                condition=Q(asset__isnull=False) | (Q(result="unregistered") & ~Q(description="")),
                name="assets_stocktake_line_asset_or_description",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset or self.description} · {self.get_result_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assets:stocktake_detail", args=[self.stocktake_id])
