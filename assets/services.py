"""Writes on the ledger. Views, the API and other modules (repairs) call these, never the ORM.

Every function is atomic; stock-changing ones lock the rows they change, so two people issuing the
last units at the same moment get one slip and one clear refusal, never a negative stock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

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
from assets.models import (
    Asset,
    AssetAttachment,
    AssetCategory,
    AssetMovement,
    AssetSettings,
    Compensation,
    Consumable,
    DisposalRequest,
    PropertyCheck,
    StockSlip,
    StockSlipLine,
    Stocktake,
    StocktakeLine,
)
from core import audit
from core.choices import Role
from core.models import Room, School, SchoolClass, User

SLIP_PREFIX = {StockSlipKind.IN: "RK", StockSlipKind.OUT: "LY"}


def settings_for(school: School, *, lock: bool = False) -> AssetSettings:
    queryset = AssetSettings.objects.select_for_update() if lock else AssetSettings.objects
    found = queryset.filter(school=school).first()
    if found is None:
        found, _created = AssetSettings.objects.get_or_create(school=school)
    return found


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


@transaction.atomic
def asset_send_to_repair(*, asset: Asset, actor: User, reason: str) -> AssetMovement:
    """The asset goes under repair (called by repairs when a request on it is accepted)."""
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


# ---------------------------------------------------------------------------------------------
# Categories (GB/T 14885 top levels)

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


def validate_asset_values(
    *, school: School, category, unit_price, quantity, purchase_date, warranty_end=None
) -> dict[str, str]:
    """Field → message for every bad value (empty when all are good)."""
    errors: dict[str, str] = {}
    if category is None:
        errors["category"] = _("Choose a category.")
    elif category.school_id != school.pk:
        errors["category"] = _("That category belongs to another school.")
    if unit_price is None:
        errors["unit_price"] = _("Enter the unit price.")
    else:
        unit_price = Decimal(unit_price)
        if unit_price < 0:
            errors["unit_price"] = _("The unit price cannot be negative.")
        elif unit_price > MAX_UNIT_PRICE:
            errors["unit_price"] = _(
                "A unit price above %(max)s yuan is not plausible; please check the figure."
            ) % {"max": f"{MAX_UNIT_PRICE:,.0f}"}
        elif unit_price != unit_price.quantize(CENT):
            errors["unit_price"] = _("Prices have at most two decimals (fen).")
    if quantity is None or int(quantity) < 1:
        errors["quantity"] = _("The quantity must be at least 1.")
    elif int(quantity) > MAX_QUANTITY:
        errors["quantity"] = _("A quantity above %(max)s is not plausible.") % {"max": MAX_QUANTITY}
    if purchase_date is None:
        errors["purchase_date"] = _("Enter the purchase date.")
    elif purchase_date > timezone.localdate():
        errors["purchase_date"] = _("The purchase date cannot be in the future.")
    elif purchase_date.year < 1949:
        errors["purchase_date"] = _("The purchase date is not plausible.")
    if warranty_end and purchase_date and warranty_end < purchase_date:
        errors["warranty_end"] = _("The warranty cannot end before the purchase.")
    return errors


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


def _refuse_if(condition: bool, message: str, code: str) -> None:
    if condition:
        raise ValidationError(message, code=code)


def _check_same_school(asset: Asset, *related) -> None:
    for item in related:
        if item is not None and item.school_id != asset.school_id:
            raise ValidationError(_("That record belongs to another school."), code="other_school")


@transaction.atomic
def asset_issue(
    *,
    asset: Asset,
    actor: User,
    to_custodian: User | None = None,
    to_class: SchoolClass | None = None,
    to_room: Room | None = None,
    reason: str = "",
) -> AssetMovement:
    """领用: the asset goes into a person's or class's use for good (until returned)."""
    asset = _lock_asset(asset)
    _check_same_school(asset, to_custodian, to_class, to_room)
    _refuse_if(
        asset.status not in (AssetStatus.IN_STOCK, AssetStatus.IDLE, AssetStatus.IN_USE),
        _("Only an asset in stock, idle or in use can be issued (it is %(status)s).")
        % {"status": asset.get_status_display()},
        "status",
    )
    _refuse_if(
        to_custodian is None and to_class is None,
        _("Say who receives it: a person or a class."),
        "recipient",
    )
    return _hand_over(
        asset,
        actor,
        MovementKind.ISSUE,
        AssetStatus.IN_USE,
        to_custodian,
        to_class,
        to_room,
        reason,
    )


@transaction.atomic
def asset_lend(
    *,
    asset: Asset,
    actor: User,
    due_date: dt.date,
    to_custodian: User | None = None,
    to_class: SchoolClass | None = None,
    to_room: Room | None = None,
    reason: str = "",
) -> AssetMovement:
    """借用: lent to a person or a class until the due date; listed as overdue after it."""
    asset = _lock_asset(asset)
    _check_same_school(asset, to_custodian, to_class, to_room)
    _refuse_if(
        asset.status not in (AssetStatus.IN_STOCK, AssetStatus.IDLE, AssetStatus.IN_USE),
        _("Only an asset in stock, idle or in use can be lent (it is %(status)s).")
        % {"status": asset.get_status_display()},
        "status",
    )
    _refuse_if(
        to_custodian is None and to_class is None,
        _("Say who borrows it: a person or a class."),
        "recipient",
    )
    _refuse_if(due_date is None, _("A loan needs a due date."), "due_date")
    _refuse_if(
        due_date < timezone.localdate(), _("The due date cannot be in the past."), "due_date"
    )
    return _hand_over(
        asset,
        actor,
        MovementKind.LEND,
        AssetStatus.LENT,
        to_custodian,
        to_class,
        to_room,
        reason,
        due_date=due_date,
    )


def _hand_over(asset, actor, kind, status, to_custodian, to_class, to_room, reason, **extra):
    from_room, from_custodian = asset.room, asset.custodian
    asset.custodian = to_custodian
    asset.responsible_class = to_class if to_class is not None else asset.responsible_class
    if to_room is not None:
        asset.room = to_room
    asset.save(update_fields=["custodian", "responsible_class", "room", "updated_at"])
    return record_movement(
        asset=asset,
        kind=kind,
        actor=actor,
        status_after=status,
        reason=reason,
        from_room=from_room,
        to_room=asset.room,
        from_custodian=from_custodian,
        to_custodian=to_custodian,
        to_class=to_class,
        **extra,
    )


@transaction.atomic
def asset_return(
    *, asset: Asset, actor: User, to_room: Room | None = None, reason: str = ""
) -> AssetMovement:
    """归还: a lent or issued asset comes back; a loan gives the previous holder back their custody."""
    asset = _lock_asset(asset)
    _check_same_school(asset, to_room)
    _refuse_if(
        asset.status not in (AssetStatus.LENT, AssetStatus.IN_USE),
        _("Only a lent or issued asset can be returned."),
        "status",
    )
    loan = (
        asset.movements.filter(kind=MovementKind.LEND, returned=False).order_by("-pk").first()
        if asset.status == AssetStatus.LENT
        else None
    )
    from_room, from_custodian = asset.room, asset.custodian
    if loan is not None:
        AssetMovement.objects.filter(pk=loan.pk).update(returned=True)
        asset.custodian = loan.from_custodian
        asset.room = to_room or loan.from_room or asset.room
        status_after = loan.status_before
        if status_after == AssetStatus.IN_USE and asset.custodian is None:
            status_after = AssetStatus.IN_STOCK
    else:
        asset.custodian = None
        asset.responsible_class = None
        asset.room = to_room or asset.room
        status_after = AssetStatus.IN_STOCK
    asset.save(update_fields=["custodian", "responsible_class", "room", "updated_at"])
    return record_movement(
        asset=asset,
        kind=MovementKind.RETURN,
        actor=actor,
        status_after=status_after,
        reason=reason,
        from_room=from_room,
        to_room=asset.room,
        from_custodian=from_custodian,
        to_custodian=asset.custodian,
    )


@transaction.atomic
def asset_transfer(
    *,
    asset: Asset,
    actor: User,
    to_room: Room | None = None,
    to_custodian: User | None = None,
    reason: str = "",
) -> AssetMovement:
    """调拨: to another room and/or another custodian; the status does not change."""
    asset = _lock_asset(asset)
    _check_same_school(asset, to_room, to_custodian)
    _refuse_if(
        asset.status in (AssetStatus.DISPOSED, AssetStatus.LENT),
        _("A disposed or lent asset cannot be transferred."),
        "status",
    )
    _refuse_if(
        to_room is None and to_custodian is None,
        _("Choose the new room or the new custodian."),
        "empty",
    )
    from_room, from_custodian = asset.room, asset.custodian
    if to_room is not None:
        asset.room = to_room
    if to_custodian is not None:
        asset.custodian = to_custodian
    asset.save(update_fields=["room", "custodian", "updated_at"])
    status_after = asset.status
    if to_custodian is not None and asset.status == AssetStatus.IN_STOCK:
        status_after = AssetStatus.IN_USE
    return record_movement(
        asset=asset,
        kind=MovementKind.TRANSFER,
        actor=actor,
        status_after=status_after,
        reason=reason,
        from_room=from_room,
        to_room=asset.room,
        from_custodian=from_custodian,
        to_custodian=asset.custodian,
    )


@transaction.atomic
def disposal_request(*, asset: Asset, actor: User, reason: str) -> DisposalRequest:
    """报废申请: needs a reason; refused for a lent, disposed or already pending asset."""
    asset = _lock_asset(asset)
    _refuse_if(not (reason or "").strip(), _("A disposal needs a reason."), "reason")
    _refuse_if(
        asset.status == AssetStatus.DISPOSED, _("This asset is already disposed."), "disposed"
    )
    _refuse_if(
        asset.status == AssetStatus.LENT,
        _("This asset is lent out; it must be returned before it can be disposed."),
        "lent",
    )
    _refuse_if(
        asset.disposal_requests.filter(status=DisposalStatus.PENDING).exists(),
        _("A disposal request for this asset is already waiting for approval."),
        "pending",
    )
    request = DisposalRequest.objects.create(
        school_id=asset.school_id, asset=asset, reason=reason.strip(), requested_by=actor
    )
    audit.record_event(request, event="disposal_requested", actor=actor)
    return request


@transaction.atomic
def disposal_decide(
    *, request: DisposalRequest, actor: User, approve: bool, note: str = ""
) -> DisposalRequest:
    """The director approves (the asset is disposed; its card stays) or rejects a disposal."""
    request = DisposalRequest.objects.select_for_update().get(pk=request.pk)
    _refuse_if(
        not (actor.is_superuser or actor.has_role(Role.DIRECTOR)),
        _("Only the director approves disposals."),
        "role",
    )
    _refuse_if(
        request.status != DisposalStatus.PENDING,
        _("This request has already been decided."),
        "decided",
    )
    asset = _lock_asset(request.asset)
    if approve:
        _refuse_if(
            asset.status == AssetStatus.LENT,
            _("This asset is lent out; it must be returned before it can be disposed."),
            "lent",
        )
        asset.disposed_on = timezone.localdate()
        asset.save(update_fields=["disposed_on", "updated_at"])
        record_movement(
            asset=asset,
            kind=MovementKind.DISPOSAL,
            actor=actor,
            status_after=AssetStatus.DISPOSED,
            reason=request.reason,
            from_room=asset.room,
            from_custodian=asset.custodian,
        )
    request.status = DisposalStatus.APPROVED if approve else DisposalStatus.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    audit.record_event(
        request, event="disposal_approved" if approve else "disposal_rejected", actor=actor
    )
    return request


def overdue_loans(queryset, *, today: dt.date | None = None):
    """Loans not returned whose due date has passed (queryset of AssetMovement)."""
    today = today or timezone.localdate()
    return queryset.filter(kind=MovementKind.LEND, returned=False, due_date__lt=today)


def below_reorder_level(queryset):
    """Consumables whose stock is under their reorder level."""
    return queryset.filter(quantity_on_hand__lt=F("reorder_level"))


# ---------------------------------------------------------------------------------------------
# Stocktake (盘点)

CHECKED = (StocktakeResult.FOUND, StocktakeResult.DAMAGED, StocktakeResult.WRONG_ROOM)


@transaction.atomic
def stocktake_start(
    *, school: School, actor: User, title: str, rooms: Sequence[Room] = ()
) -> Stocktake:
    """Open a stocktake of the given rooms (none: the whole school); one line per asset the ledger
    places there (disposed and archived assets excluded)."""
    _refuse_if(not (title or "").strip(), _("Give the stocktake a title."), "title")
    for room in rooms:
        _refuse_if(
            room.school_id != school.pk, _("That room belongs to another school."), "other_school"
        )
    stocktake = Stocktake.objects.create(
        school=school, title=title.strip(), started_by=actor, whole_school=not rooms
    )
    if rooms:
        stocktake.rooms.set(rooms)
    assets = Asset.objects.filter(school=school, archived_at__isnull=True).exclude(
        status=AssetStatus.DISPOSED
    )
    if rooms:
        assets = assets.filter(room__in=rooms)
    StocktakeLine.objects.bulk_create(
        [
            StocktakeLine(school=school, stocktake=stocktake, asset_id=pk, expected_room_id=room)
            for pk, room in assets.values_list("pk", "room_id").iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )
    audit.record_event(stocktake, event="stocktake_started", actor=actor)
    return stocktake


def _open(stocktake: Stocktake) -> Stocktake:
    stocktake = Stocktake.objects.select_for_update().get(pk=stocktake.pk)
    _refuse_if(
        stocktake.status != StocktakeStatus.OPEN,
        _("This stocktake is confirmed; it can no longer change."),
        "confirmed",
    )
    return stocktake


@transaction.atomic
def stocktake_mark(
    *, line: StocktakeLine, actor: User, result: str, note: str = ""
) -> StocktakeLine:
    """Mark a listed asset found, missing or damaged (again, to correct a mistake)."""
    _open(line.stocktake)
    _refuse_if(
        result
        not in (
            StocktakeResult.FOUND,
            StocktakeResult.MISSING,
            StocktakeResult.DAMAGED,
            StocktakeResult.PENDING,
        ),
        _("Mark it found, missing or damaged."),
        "result",
    )
    line.result = result
    line.note = note
    line.found_room = line.expected_room if result in CHECKED else None
    line.checked_by = actor
    line.checked_at = timezone.now()
    line.save(
        update_fields=["result", "note", "found_room", "checked_by", "checked_at", "updated_at"]
    )
    return line


@transaction.atomic
def stocktake_record_surplus(
    *,
    stocktake: Stocktake,
    actor: User,
    room: Room,
    asset: Asset | None = None,
    description: str = "",
    note: str = "",
) -> StocktakeLine:
    """Something found in `room` that is not on its list: an asset of another room (by its code or
    QR) or an item not on the ledger at all (described)."""
    stocktake = _open(stocktake)
    _refuse_if(
        room.school_id != stocktake.school_id,
        _("That room belongs to another school."),
        "other_school",
    )
    now = timezone.now()
    if asset is None:
        _refuse_if(not (description or "").strip(), _("Describe the item found."), "description")
        return StocktakeLine.objects.create(
            school_id=stocktake.school_id,
            stocktake=stocktake,
            found_room=room,
            result=StocktakeResult.UNREGISTERED,
            description=description.strip(),
            note=note,
            checked_by=actor,
            checked_at=now,
        )
    _refuse_if(
        asset.school_id != stocktake.school_id,
        _("That asset belongs to another school."),
        "other_school",
    )
    line = StocktakeLine.objects.filter(stocktake=stocktake, asset=asset).first()
    if line is None:
        line = StocktakeLine(
            school_id=stocktake.school_id,
            stocktake=stocktake,
            asset=asset,
            expected_room=asset.room,
        )
    line.found_room = room
    line.result = (
        StocktakeResult.FOUND if line.expected_room_id == room.pk else StocktakeResult.WRONG_ROOM
    )
    line.note = note
    line.checked_by, line.checked_at = actor, now
    line.save()
    return line


def stocktake_report(stocktake: Stocktake) -> dict[str, list[StocktakeLine]]:
    """The lines grouped by what the office must act on (one query)."""
    groups: dict[str, list[StocktakeLine]] = {value: [] for value in StocktakeResult.values}
    lines = stocktake.lines.select_related(
        "asset", "expected_room__building", "found_room__building", "checked_by"
    ).order_by("expected_room_id", "asset__code", "pk")
    for line in lines:
        groups[line.result].append(line)
    return groups


@transaction.atomic
def stocktake_confirm(*, stocktake: Stocktake, actor: User) -> list[AssetMovement]:
    """The director confirms: the ledger is reconciled, one movement per change (the stocktake as
    the reason): missing → status missing; wrong room → moved to where it was found; damaged → noted;
    a missing asset found again → back in use. Refused while assets remain unchecked."""
    _refuse_if(
        not (actor.is_superuser or actor.has_role(Role.DIRECTOR)),
        _("Only the director confirms a stocktake."),
        "role",
    )
    stocktake = _open(stocktake)
    pending = stocktake.lines.filter(result=StocktakeResult.PENDING).count()
    _refuse_if(
        pending > 0,
        _("%(n)s listed assets have not been checked yet.") % {"n": pending},
        "pending",
    )
    reason = _("Stocktake: %(title)s") % {"title": stocktake.title}
    movements = []
    lines = stocktake.lines.filter(asset__isnull=False).exclude(result=StocktakeResult.PENDING)
    for line in lines.select_related("asset").order_by("asset_id"):
        asset = _lock_asset(line.asset)
        if asset.status == AssetStatus.DISPOSED:
            continue
        if line.result == StocktakeResult.MISSING:
            if asset.status != AssetStatus.MISSING:
                movements.append(
                    record_movement(
                        asset=asset,
                        kind=MovementKind.STOCKTAKE,
                        actor=actor,
                        status_after=AssetStatus.MISSING,
                        reason=reason,
                        from_room=asset.room,
                    )
                )
            continue
        status_after = asset.status
        if asset.status == AssetStatus.MISSING:
            status_after = AssetStatus.IN_USE if asset.custodian_id else AssetStatus.IN_STOCK
        moved = line.found_room_id and line.found_room_id != asset.room_id
        if moved or status_after != asset.status or line.result == StocktakeResult.DAMAGED:
            from_room = asset.room
            if moved:
                asset.room_id = line.found_room_id
                asset.save(update_fields=["room", "updated_at"])
            note = reason
            if line.result == StocktakeResult.DAMAGED:
                note = f"{reason} · {_('Damaged')}" + (f": {line.note}" if line.note else "")
            movements.append(
                record_movement(
                    asset=asset,
                    kind=MovementKind.STOCKTAKE,
                    actor=actor,
                    status_after=status_after,
                    reason=note[:300],
                    from_room=from_room,
                    to_room=asset.room,
                )
            )
    stocktake.status = StocktakeStatus.CONFIRMED
    stocktake.confirmed_by = actor
    stocktake.confirmed_at = timezone.now()
    stocktake.save(update_fields=["status", "confirmed_by", "confirmed_at", "updated_at"])
    audit.record_event(stocktake, event="stocktake_confirmed", actor=actor)
    return movements


def never_stocktaken(queryset):
    """Assets that no stocktake has ever seen (found, damaged or found elsewhere)."""
    from django.db.models import Exists, OuterRef

    seen = StocktakeLine.objects.filter(asset=OuterRef("pk"), result__in=CHECKED)
    return queryset.exclude(status=AssetStatus.DISPOSED).filter(~Exists(seen))


# ---------------------------------------------------------------------------------------------
# Class property (班级公物)


@transaction.atomic
def property_check_record(
    *,
    school_class: SchoolClass,
    actor: User,
    kind: str,
    damages: Sequence[tuple[Asset | None, str, Decimal]] = (),
    notes: str = "",
    date: dt.date | None = None,
) -> PropertyCheck:
    """Record a mid-term / end-of-term check of a class's property; each damage found becomes a
    compensation record (amount due) linked to the class."""
    _refuse_if(kind not in CheckKind.values, _("Choose mid-term or end-of-term."), "kind")
    date = date or timezone.localdate()
    _refuse_if(date > timezone.localdate(), _("A check cannot be dated in the future."), "date")
    for asset, description, amount in damages:
        _refuse_if(not (description or "").strip(), _("Describe the damage."), "description")
        _refuse_if(
            amount is None or Decimal(amount) < 0, _("The amount cannot be negative."), "amount"
        )
        _refuse_if(
            Decimal(amount) > Decimal("1000000"),
            _("The amount is not plausible; please check it."),
            "amount",
        )
        if asset is not None:
            _refuse_if(
                asset.school_id != school_class.school_id,
                _("That asset belongs to another school."),
                "other_school",
            )
    check = PropertyCheck.objects.create(
        school_id=school_class.school_id,
        school_class=school_class,
        kind=kind,
        date=date,
        checked_by=actor,
        notes=notes,
    )
    for asset, description, amount in damages:
        Compensation.objects.create(
            school_id=school_class.school_id,
            school_class=school_class,
            property_check=check,
            asset=asset,
            description=description.strip(),
            amount=Decimal(amount),
        )
    return check


@transaction.atomic
def compensation_settle(*, compensation: Compensation, actor: User, status: str) -> Compensation:
    """Mark a compensation paid or waived (once)."""
    compensation = Compensation.objects.select_for_update().get(pk=compensation.pk)
    _refuse_if(
        status not in (CompensationStatus.PAID, CompensationStatus.WAIVED),
        _("Mark it paid or waived."),
        "status",
    )
    _refuse_if(
        compensation.status != CompensationStatus.DUE,
        _("This compensation is already settled."),
        "settled",
    )
    compensation.status = status
    compensation.settled_on = timezone.localdate()
    compensation.settled_by = actor
    compensation.save(update_fields=["status", "settled_on", "settled_by", "updated_at"])
    audit.record_event(compensation, event=f"compensation_{status}", actor=actor)
    return compensation


ATTACHMENT_MAX_BYTES = 10 * 2**20
ATTACHMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".doc", ".xls")


@transaction.atomic
def asset_attach(*, asset: Asset, actor: User, upload, title: str = "") -> AssetAttachment:
    """Keep a document (invoice, contract, warranty card) with the card; size and type checked."""
    name = (getattr(upload, "name", "") or "").lower()
    _refuse_if(
        not name.endswith(ATTACHMENT_TYPES),
        _("Attach a PDF, an image, a Word or an Excel file."),
        "type",
    )
    _refuse_if(
        upload.size > ATTACHMENT_MAX_BYTES,
        _("The file is larger than %(mb)s MB.") % {"mb": ATTACHMENT_MAX_BYTES // 2**20},
        "size",
    )
    attachment = AssetAttachment.objects.create(
        school_id=asset.school_id,
        asset=asset,
        file=upload,
        uploaded_by=actor,
        title=(title or "").strip()[:100] or upload.name[:100],
    )
    return attachment


def remind_overdue_loans(*, today: dt.date | None = None) -> int:
    """Tell each borrower (and the school's logistics staff) about loans past their due date.
    At most one reminder per loan per day: a second run the same day sends nothing."""
    from core.services import notify

    today = today or timezone.localdate()
    sent = 0
    loans = overdue_loans(AssetMovement.objects.all(), today=today).filter(
        Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    )
    for loan_id in loans.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = (
                AssetMovement.objects.filter(pk=loan_id)
                .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
                .update(reminded_on=today)
            )
            if not claimed:
                continue
            loan = AssetMovement.objects.select_related("asset", "school", "to_custodian").get(
                pk=loan_id
            )
            staff = User.objects.filter(
                school_id=loan.school_id, is_active=True, user_roles__role=Role.LOGISTICS
            )
            recipients = [*staff, *([loan.to_custodian] if loan.to_custodian else [])]
            notify(
                recipients=recipients,
                school=loan.school,
                title=_("Overdue loan: %(asset)s") % {"asset": loan.asset},
                body=_("Due back on %(date)s.") % {"date": loan.due_date},
                url=loan.asset.get_absolute_url(),
            )
            sent += 1
    return sent
