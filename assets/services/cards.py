"""Categories (GB/T 14885) and asset cards (一物一卡): codes, thresholds, validation, attachments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.choices import (
    AssetSource,
    AssetStatus,
    FundingSource,
    MovementKind,
)
from assets.models import (
    Asset,
    AssetAttachment,
    AssetCategory,
)
from assets.services.common import (
    record_movement,
    settings_for,
)
from core.models import School, User
from core.uploads import clean_document

# code, name, parent code, useful life (years) or None when not depreciated, specialist
DEFAULT_CATEGORIES: list[tuple[str, str, str | None, int | None, bool]] = [
    ("1", "房屋和构筑物", None, 50, False),
    ("101", "钢筋混凝土结构房屋", "1", 50, False),
    ("102", "砖混结构房屋", "1", 30, False),
    ("103", "构筑物（围墙、道路、操场）", "1", 30, False),
    ("104", "土地", "1", None, False),
    ("2", "设备", None, 10, False),
    ("21", "通用设备", "2", 10, False),
    ("2101", "计算机设备", "21", 6, False),
    ("2102", "办公设备", "21", 6, False),
    ("2103", "车辆", "21", 8, False),
    ("2104", "通用机械设备（空调、水泵、电梯）", "21", 10, False),
    ("2105", "电气及通信设备", "21", 6, False),
    ("22", "专用设备", "2", 10, True),
    ("2201", "教学仪器", "22", 5, True),
    ("2202", "体育器材设备", "22", 5, True),
    ("2203", "文艺及广播设备", "22", 5, True),
    ("2204", "炊事机械", "22", 10, True),
    ("3", "文物和陈列品", None, None, False),
    ("4", "图书和档案", None, None, False),
    ("401", "图书", "4", None, False),
    ("402", "档案", "4", None, False),
    ("5", "家具和用具", None, 15, False),
    ("501", "家具（课桌椅、书柜、办公桌）", "5", 15, False),
    ("502", "用具、装具", "5", 5, False),
    ("6", "特种动植物", None, None, False),
]


@transaction.atomic
def categories_seed_defaults(school: School) -> int:
    """Create the GB/T 14885 top levels and their children for a school. Idempotent: returns how
    many categories were created (0 on a second run); existing ones are left as the school edited them."""
    created = 0
    by_code = {c.code: c for c in AssetCategory.objects.filter(school=school)}
    for code, name, parent, life, specialist in DEFAULT_CATEGORIES:
        if code in by_code:
            continue
        by_code[code] = AssetCategory.objects.create(
            school=school,
            code=code,
            name=name,
            parent=by_code.get(parent) if parent else None,
            useful_life_years=life,
            depreciable=life is not None,
            specialist=specialist,
        )
        created += 1
    return created


# ---------------------------------------------------------------------------------------------
# Asset cards

MAX_UNIT_PRICE = Decimal(
    "50000000"
)  # 5,000 万元: above that a typo is far likelier than a purchase
MAX_QUANTITY = 100_000


def is_fixed_asset(
    *,
    school: School,
    category: AssetCategory,
    unit_price: Decimal,
    quantity: int = 1,
    durable_batch: bool = False,
) -> bool:
    """The capitalisation rule: ≥ threshold per item (specialist equipment: its own threshold);
    a batch of durable identical items is a fixed asset when the batch reaches the threshold."""
    rules = settings_for(school)
    threshold = (
        rules.specialist_threshold if category.specialist else rules.capitalisation_threshold
    )
    if unit_price >= threshold:
        return True
    return bool(durable_batch and quantity > 1 and unit_price * quantity >= threshold)


def next_asset_code(school: School, category: AssetCategory, year: int) -> str:
    """The next free code of the school's pattern; the caller holds the settings row lock."""
    rules = settings_for(school, lock=True)
    pattern = rules.code_pattern or "{category}-{year}-{seq:04d}"
    if "{seq" not in pattern:
        raise ValidationError(
            _("The asset code pattern must contain {seq} (the running number)."), code="pattern"
        )
    seq = Asset.objects.filter(school=school, category=category, purchase_date__year=year).count()
    for _attempt in range(10_000):
        seq += 1
        try:
            code = pattern.format(category=category.code, year=year, seq=seq)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError(
                _("The asset code pattern is not valid: %(error)s") % {"error": exc},
                code="pattern",
            ) from None
        if not Asset.objects.filter(school=school, code=code).exists():
            return code
    raise ValidationError(_("No free asset code was found; check the pattern."), code="pattern")


def _category_error(category, school: School) -> str | None:
    if category is None:
        return _("Choose a category.")
    if category.school_id != school.pk:
        return _("That category belongs to another school.")
    return None


def _unit_price_error(unit_price) -> str | None:
    if unit_price is None:
        return _("Enter the unit price.")
    unit_price = Decimal(unit_price)
    if unit_price < 0:
        return _("The unit price cannot be negative.")
    if unit_price > MAX_UNIT_PRICE:
        return _("A unit price above %(max)s yuan is not plausible; please check the figure.") % {
            "max": f"{MAX_UNIT_PRICE:,.0f}"
        }
    if unit_price != unit_price.quantize(CENT):
        return _("Prices have at most two decimals (fen).")
    return None


def _quantity_error(quantity) -> str | None:
    if quantity is None or int(quantity) < 1:
        return _("The quantity must be at least 1.")
    if int(quantity) > MAX_QUANTITY:
        return _("A quantity above %(max)s is not plausible.") % {"max": MAX_QUANTITY}
    return None


def _purchase_date_error(purchase_date) -> str | None:
    if purchase_date is None:
        return _("Enter the purchase date.")
    if purchase_date > timezone.localdate():
        return _("The purchase date cannot be in the future.")
    if purchase_date.year < 1949:
        return _("The purchase date is not plausible.")
    return None


def validate_asset_values(
    *, school: School, category, unit_price, quantity, purchase_date, warranty_end=None
) -> dict[str, str]:
    """Field → message for every bad value (empty when all are good)."""
    warranty_error = None
    if warranty_end and purchase_date and warranty_end < purchase_date:
        warranty_error = _("The warranty cannot end before the purchase.")
    errors = {
        "category": _category_error(category, school),
        "unit_price": _unit_price_error(unit_price),
        "quantity": _quantity_error(quantity),
        "purchase_date": _purchase_date_error(purchase_date),
        "warranty_end": warranty_error,
    }
    return {field: message for field, message in errors.items() if message is not None}


CENT = Decimal("0.01")
ASSET_FIELDS = (
    "name",
    "brand",
    "model_number",
    "spec",
    "unit",
    "supplier",
    "warranty_end",
    "room",
    "custodian",
    "responsible_class",
    "responsible_department",
    "notes",
    "photo",
)


@transaction.atomic
def asset_create(
    *,
    school: School,
    actor: User,
    category: AssetCategory,
    name: str,
    unit_price: Decimal,
    purchase_date: dt.date,
    quantity: int = 1,
    code: str = "",
    source: str = AssetSource.PURCHASE,
    funding_source: str = FundingSource.BUDGET,
    durable_batch: bool = False,
    **fields,
) -> Asset:
    """Register an asset card and its stock-in movement. The code comes from the school's pattern
    unless given; a bad value or a duplicate code raises ValidationError and saves nothing."""
    unknown = set(fields) - set(ASSET_FIELDS)
    if unknown:
        raise TypeError(f"unknown asset fields: {sorted(unknown)}")
    errors = validate_asset_values(
        school=school,
        category=category,
        unit_price=unit_price,
        quantity=quantity,
        purchase_date=purchase_date,
        warranty_end=fields.get("warranty_end"),
    )
    if not (name or "").strip():
        errors["name"] = _("Enter the name.")
    for key in ("room", "custodian", "responsible_class", "responsible_department"):
        related = fields.get(key)
        if related is not None and related.school_id != school.pk:
            errors[key] = _("That record belongs to another school.")
    if errors:
        raise ValidationError(errors)
    code = (code or "").strip()
    if code:
        settings_for(school, lock=True)
        if Asset.objects.filter(school=school, code=code).exists():
            raise ValidationError(
                {"code": _("The asset code %(code)s is already used.") % {"code": code}},
                code="duplicate",
            )
    else:
        code = next_asset_code(school, category, purchase_date.year)
    unit_price = Decimal(unit_price)
    status = (
        AssetStatus.IN_USE
        if fields.get("custodian") or fields.get("responsible_class")
        else AssetStatus.IN_STOCK
    )
    asset = Asset(
        school=school,
        code=code,
        category=category,
        name=name.strip(),
        unit_price=unit_price,
        quantity=int(quantity),
        purchase_date=purchase_date,
        source=source,
        funding_source=funding_source,
        is_fixed_asset=is_fixed_asset(
            school=school,
            category=category,
            unit_price=unit_price,
            quantity=int(quantity),
            durable_batch=durable_batch,
        ),
        status=AssetStatus.IN_STOCK,
        **fields,
    )
    try:
        with transaction.atomic():
            asset.save()
    except IntegrityError:
        raise ValidationError(
            {"code": _("The asset code %(code)s is already used.") % {"code": code}},
            code="duplicate",
        ) from None
    record_movement(
        asset=asset,
        kind=MovementKind.STOCK_IN,
        actor=actor,
        status_after=status,
        reason=_("Registered"),
        to_room=asset.room,
        to_custodian=asset.custodian,
        to_class=asset.responsible_class,
        date=min(purchase_date, timezone.localdate()),
    )
    return asset


ATTACHMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".doc", ".xls")


@transaction.atomic
def asset_attach(*, asset: Asset, actor: User, upload, title: str = "") -> AssetAttachment:
    """Keep a document (invoice, contract, warranty card) with the card; size and content checked,
    an image re-encoded without its metadata (a phone photo's GPS position is not kept)."""
    title = (title or "").strip()[:100] or (upload.name or "")[:100]
    upload = clean_document(upload, allowed=ATTACHMENT_TYPES)
    attachment = AssetAttachment.objects.create(
        school_id=asset.school_id,
        asset=asset,
        file=upload,
        uploaded_by=actor,
        title=title,
    )
    return attachment
