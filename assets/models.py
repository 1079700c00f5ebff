"""The property ledger (资产台账): categories, asset cards, movements, consumable stock."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import (
    AssetSource,
    AssetStatus,
    CheckKind,
    CompensationStatus,
    DisposalStatus,
    FundingSource,
    MovementKind,
    StockSlipKind,
    StocktakeResult,
    StocktakeStatus,
)
from core.access import MANAGERS, READERS, Access
from core.choices import Role
from core.fields import PhotoField
from core.models import ArchivableModel, PermanentRecordError, SchoolScopedModel

ASSET_MANAGERS = frozenset({Role.LOGISTICS, Role.DIRECTOR})
ASSET_READERS = frozenset(
    {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
)


class AssetSettings(SchoolScopedModel):
    """Per-school ledger rules (事业单位财务规则 thresholds, code pattern)."""

    capitalisation_threshold = models.DecimalField(
        _("fixed-asset threshold (yuan)"), max_digits=12, decimal_places=2, default=Decimal("1000")
    )
    specialist_threshold = models.DecimalField(
        _("specialist-equipment threshold (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("1500"),
    )
    # {category} the category code, {year} purchase year, {seq} the running number in that pair.
    code_pattern = models.CharField(
        _("asset code pattern"), max_length=60, default="{category}-{year}-{seq:04d}"
    )

    access = Access(view=READERS, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("asset settings")
        verbose_name_plural = _("asset settings")
        constraints = [
            models.UniqueConstraint(fields=["school"], name="assets_settings_one_per_school"),
            models.CheckConstraint(
                condition=Q(capitalisation_threshold__gte=0) & Q(specialist_threshold__gte=0),
                name="assets_settings_thresholds_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


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


def _homeroom_rows(user) -> Q:
    return Q(school_class__homeroom_teacher=user)


class PropertyCheck(SchoolScopedModel):
    """班级公物检查: the mid-term or end-of-term check of what a class (or office) is responsible for."""

    school_class = models.ForeignKey(
        "core.SchoolClass",
        on_delete=models.PROTECT,
        related_name="property_checks",
        verbose_name=_("class"),
    )
    kind = models.CharField(_("check"), max_length=20, choices=CheckKind)
    date = models.DateField(_("date"), default=timezone.localdate)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked by"),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    access = Access(
        view=ASSET_READERS,
        manage=ASSET_MANAGERS,
        own=frozenset({Role.TEACHER}),
        own_rows=_homeroom_rows,
    )

    class Meta:
        verbose_name = _("class property check")
        verbose_name_plural = _("class property checks")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.school_class} {self.get_kind_display()} {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("assets:propertycheck_detail", args=[self.pk])


class Compensation(SchoolScopedModel):
    """损坏赔偿: damage found in a check, charged to the class; paid or waived."""

    school_class = models.ForeignKey(
        "core.SchoolClass",
        on_delete=models.PROTECT,
        related_name="compensations",
        verbose_name=_("class"),
    )
    property_check = models.ForeignKey(
        PropertyCheck,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compensations",
        verbose_name=_("found in check"),
    )
    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compensations",
        verbose_name=_("asset"),
    )
    description = models.CharField(_("damage"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=CompensationStatus, default=CompensationStatus.DUE
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )

    access = Access(
        view=ASSET_READERS,
        manage=ASSET_MANAGERS,
        own=frozenset({Role.TEACHER}),
        own_rows=_homeroom_rows,
    )

    class Meta:
        verbose_name = _("damage compensation")
        verbose_name_plural = _("damage compensations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="assets_compensation_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status="due") | Q(settled_on__isnull=False),
                name="assets_compensation_settled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("assets:compensation_detail", args=[self.pk])


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
