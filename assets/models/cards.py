"""Categories and asset cards (资产卡片), their attachments and disposal requests."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assets.choices import (
    AssetSource,
    AssetStatus,
    DisposalStatus,
    FundingSource,
)
from assets.models.common import ASSET_MANAGERS, ASSET_READERS
from core.access import READERS, Access
from core.choices import Role
from core.fields import PhotoField
from core.models import ArchivableModel, SchoolScopedModel


class AssetCategory(SchoolScopedModel):
    """A node of the GB/T 14885 category tree, with its default useful life."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent category"),
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    useful_life_years = models.PositiveSmallIntegerField(
        _("useful life (years)"), null=True, blank=True
    )
    depreciable = models.BooleanField(_("depreciated"), default=True)
    specialist = models.BooleanField(_("specialist equipment"), default=False)

    access = Access(view=READERS | {Role.TEACHER}, manage=ASSET_MANAGERS | {Role.ADMIN})

    class Meta:
        verbose_name = _("asset category")
        verbose_name_plural = _("asset categories")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="assets_category_unique_code"),
            models.CheckConstraint(
                condition=Q(depreciable=False) | Q(useful_life_years__gte=1),
                name="assets_category_life_when_depreciable",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("assets:assetcategory_detail", args=[self.pk])


def _teacher_assets(user) -> Q:
    """A teacher sees what is in their custody and what their homeroom class is responsible for."""
    return Q(custodian=user) | Q(responsible_class__homeroom_teacher=user)


class Asset(ArchivableModel, SchoolScopedModel):
    """One card per fixed asset (一物一卡), or per batch of identical items."""

    code = models.CharField(_("asset code"), max_length=40)
    category = models.ForeignKey(
        AssetCategory, on_delete=models.PROTECT, related_name="assets", verbose_name=_("category")
    )
    name = models.CharField(_("name"), max_length=100)
    brand = models.CharField(_("brand"), max_length=60, blank=True)
    model_number = models.CharField(_("model"), max_length=60, blank=True)
    spec = models.CharField(_("specification"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=10, default="台")
    unit_price = models.DecimalField(_("unit price (yuan)"), max_digits=12, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    purchase_date = models.DateField(_("purchase date"))
    source = models.CharField(
        _("source"), max_length=20, choices=AssetSource, default=AssetSource.PURCHASE
    )
    funding_source = models.CharField(
        _("funding source"), max_length=20, choices=FundingSource, default=FundingSource.BUDGET
    )
    supplier = models.CharField(_("supplier"), max_length=100, blank=True)
    warranty_end = models.DateField(_("warranty until"), null=True, blank=True)
    room = models.ForeignKey(
        "core.Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("location"),
    )
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets_in_custody",
        verbose_name=_("custodian"),
    )
    responsible_class = models.ForeignKey(
        "core.SchoolClass",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("responsible class"),
    )
    responsible_department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("responsible department"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssetStatus, default=AssetStatus.IN_STOCK
    )
    is_fixed_asset = models.BooleanField(_("fixed asset"), default=True)
    photo = PhotoField(_("photo"), upload_to="assets/photos/%Y/", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    disposed_on = models.DateField(_("disposed on"), null=True, blank=True)
    # Printed on labels stuck on the item for years: never regenerated.
    qr_token = models.UUIDField(_("QR label code"), default=uuid.uuid4, unique=True, editable=False)

    access = Access(
        view=ASSET_READERS,
        manage=ASSET_MANAGERS,
        own=frozenset({Role.TEACHER}),
        own_rows=_teacher_assets,
        # Scanning a label: any member of the school reaches the asset (its page when they may
        # read it, otherwise the repair form for it), never another school's.
        extra_actions={"scan": frozenset(Role.values) - {Role.DISTRICT}},
    )

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="assets_asset_unique_code"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="assets_asset_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="assets_asset_quantity_positive"
            ),
            models.CheckConstraint(
                condition=~Q(status=AssetStatus.DISPOSED) | Q(disposed_on__isnull=False),
                name="assets_asset_disposed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status"], name="assets_asset_school_status"),
            models.Index(fields=["school", "room"], name="assets_asset_school_room"),
            # The ledger's default order over live cards: paging walks this index (deep pages).
            models.Index(
                fields=["school", "code", "id"],
                condition=Q(archived_at__isnull=True),
                name="assets_asset_live_code",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("assets:asset_detail", args=[self.pk])

    def get_qr_path(self) -> str:
        return reverse("asset_qr_scan", args=[self.qr_token])

    @property
    def amount(self) -> Decimal:
        return self.unit_price * self.quantity


class DisposalRequest(SchoolScopedModel):
    """报废申请: logistics asks, the director approves or rejects; approval disposes the asset."""

    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="disposal_requests", verbose_name=_("asset")
    )
    reason = models.CharField(_("reason"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DisposalStatus, default=DisposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)

    access = Access(
        view=ASSET_READERS,
        manage=ASSET_MANAGERS,
        extra_actions={"approve": frozenset({Role.DIRECTOR})},
    )

    class Meta:
        verbose_name = _("disposal request")
        verbose_name_plural = _("disposal requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="assets_disposal_has_reason"),
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(status="pending"),
                name="assets_disposal_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("assets:disposalrequest_detail", args=[self.pk])


class AssetAttachment(SchoolScopedModel):
    """A document kept with an asset card: invoice (发票), contract, warranty card, manual."""

    asset = models.ForeignKey(
        Asset, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("asset")
    )
    title = models.CharField(_("title"), max_length=100)
    file = models.FileField(_("file"), upload_to="assets/attachments/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    access = Access(
        view=ASSET_READERS,
        manage=ASSET_MANAGERS,
        own=frozenset({Role.TEACHER}),
        own_rows=lambda user: (
            Q(asset__custodian=user) | Q(asset__responsible_class__homeroom_teacher=user)
        ),
    )

    class Meta:
        verbose_name = _("asset attachment")
        verbose_name_plural = _("asset attachments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("assets:assetattachment_download", args=[self.pk])
