"""Consumables (低值易耗品) and their stock slips."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import (
    StockSlipKind,
)
from core.access import MANAGERS, READERS, Access
from core.choices import Role
from core.models import ArchivableModel, PermanentRecordError, SchoolScopedModel


class Consumable(ArchivableModel, SchoolScopedModel):
    """A stock item (易耗品): bulbs, valves, cleaning tools, paper. Stock never goes negative."""

    name = models.CharField(_("name"), max_length=100)
    spec = models.CharField(_("specification"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=10, default="个")
    quantity_on_hand = models.DecimalField(
        _("on hand"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    reorder_level = models.DecimalField(
        _("reorder level"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    unit_price = models.DecimalField(
        _("unit price (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    storeroom = models.ForeignKey(
        "core.Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consumables",
        verbose_name=_("storeroom"),
    )
    # 以旧换新: a new one is issued only against the old one handed back.
    exchange_required = models.BooleanField(_("old one returned for a new one"), default=False)

    access = Access(view=READERS | {Role.WORKER}, manage=MANAGERS)

    class Meta:
        verbose_name = _("consumable")
        verbose_name_plural = _("consumables")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name", "spec"], name="assets_consumable_unique_name"
            ),
            models.CheckConstraint(
                condition=Q(quantity_on_hand__gte=0), name="assets_consumable_stock_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reorder_level__gte=0) & Q(unit_price__gte=0),
                name="assets_consumable_levels_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.spec}".strip()

    def get_absolute_url(self) -> str:
        return reverse("assets:consumable_detail", args=[self.pk])

    @property
    def below_reorder_level(self) -> bool:
        return self.quantity_on_hand < self.reorder_level


class StockSlip(SchoolScopedModel):
    """A stock-in slip (入库单) or an issue slip (领用单); its lines move consumable stock."""

    kind = models.CharField(_("kind"), max_length=5, choices=StockSlipKind)
    number = models.CharField(_("slip number"), max_length=30)
    date = models.DateField(_("date"), default=timezone.localdate)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="stock_slips_made",
        verbose_name=_("recorded by"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_slips_received",
        verbose_name=_("recipient"),
    )
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    reason = models.CharField(_("purpose"), max_length=300, blank=True)
    # Set when parts are issued for a repair (repairs.RepairRequest), or another source document.
    reference = models.CharField(_("reference"), max_length=60, blank=True)

    access = Access(view=READERS, manage=MANAGERS)

    class Meta:
        verbose_name = _("stock slip")
        verbose_name_plural = _("stock slips")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="assets_slip_unique_number"),
        ]

    def __str__(self) -> str:
        return self.number

    def delete(self, *args, **kwargs):
        raise PermanentRecordError("Stock slips are kept forever.")


class StockSlipLine(models.Model):
    slip = models.ForeignKey(StockSlip, on_delete=models.PROTECT, related_name="lines")
    consumable = models.ForeignKey(
        Consumable,
        on_delete=models.PROTECT,
        related_name="slip_lines",
        verbose_name=_("consumable"),
    )
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit_price = models.DecimalField(_("unit price (yuan)"), max_digits=12, decimal_places=2)
    balance_after = models.DecimalField(_("balance after"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("slip line")
        verbose_name_plural = _("slip lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="assets_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0) & Q(balance_after__gte=0),
                name="assets_line_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consumable} × {self.quantity}"

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price
