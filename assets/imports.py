"""Import of an existing Excel ledger (资产台账): a template, then a whole-or-nothing upload.

The template (written by core.exports, formula-safe) has one sample row marked 【示例】, which is
refused if left in, and drop-downs for the category, the room and the two choice columns, fed
from a hidden sheet. The upload is read by core.workbooks.read_sheet (bounded size, expansion,
rows and columns; read-only, row by row). Every row is checked first; the report names each bad
row, column and reason. Only when no row is bad are all rows saved, in one transaction, through
services.asset_create (codes, fixed-asset rule, stock-in movements).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from assets import services
from assets.choices import AssetSource, FundingSource
from assets.models import AssetCategory
from core import exports, workbooks
from core.exports import header_cell, safe_row
from core.models import Room, School, User

MAX_BYTES = 5 * 2**20
MAX_ROWS = 5000
SAMPLE_MARK = "【示例】"  # the template's sample row: refused if it is left in
LISTS_SHEET = "下拉选项"
PROGRESS_ROWS = 200  # report progress (and a job heartbeat) every so many checked rows


@dataclass(frozen=True)
class ImportColumn:
    header: str  # the spreadsheet's Chinese header (what offices already use)
    key: str
    required: bool = False
    example: object = ""


COLUMNS = [
    ImportColumn("资产编号", "code", example=""),
    ImportColumn("资产名称", "name", True, f"{SAMPLE_MARK}多媒体教学一体机"),
    ImportColumn("分类编码", "category", True, "2201"),
    ImportColumn("品牌", "brand", example="希沃"),
    ImportColumn("规格型号", "spec", example="86英寸"),
    ImportColumn("计量单位", "unit", example="台"),
    ImportColumn("数量", "quantity", example=1),
    ImportColumn("单价", "unit_price", True, Decimal("12800.00")),
    ImportColumn("购置日期", "purchase_date", True, dt.date(2023, 8, 20)),
    ImportColumn("取得方式", "source", example="购置"),
    ImportColumn("经费来源", "funding_source", example="财政拨款"),
    ImportColumn("供应商", "supplier", example="滨江教育装备有限公司"),
    ImportColumn("存放地点", "room", example="科学实验室"),
    ImportColumn("使用人", "custodian", example=""),
    ImportColumn("备注", "notes", example="示例行：导入前请删除本行"),
]
SOURCES = {
    "购置": AssetSource.PURCHASE,
    "采购": AssetSource.PURCHASE,
    "捐赠": AssetSource.DONATION,
    "受赠": AssetSource.DONATION,
    "调入": AssetSource.TRANSFER_IN,
    "划拨": AssetSource.TRANSFER_IN,
}
FUNDING = {
    "财政拨款": FundingSource.BUDGET,
    "财政": FundingSource.BUDGET,
    "自筹": FundingSource.SELF_RAISED,
    "自筹资金": FundingSource.SELF_RAISED,
    "专项": FundingSource.SPECIAL,
    "专项资金": FundingSource.SPECIAL,
    "捐赠": FundingSource.DONATED,
    "其他": FundingSource.OTHER,
}


@dataclass(frozen=True)
class Problem:
    row: int  # the spreadsheet's row number (the header is row 1)
    column: str
    reason: str


class ImportRefused(Exception):
    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = problems or []


def _room_label(room: Room) -> str:
    """How a room is offered in the template's drop-down (and accepted back by the import)."""
    return f"{room.building.code}-{room.code} {room.name}"


def _choice_lists(school: School) -> dict[str, list[str]]:
    """Column key → the values its drop-down offers."""
    categories = AssetCategory.objects.filter(school=school).order_by("code")
    rooms = (
        Room.objects.filter(school=school, archived_at__isnull=True)
        .select_related("building")
        .order_by("building__code", "code")
    )
    return {
        "category": [f"{code} {name}" for code, name in categories.values_list("code", "name")],
        "room": [_room_label(room) for room in rooms],
        "source": ["购置", "捐赠", "调入"],
        "funding_source": ["财政拨款", "自筹", "专项", "捐赠", "其他"],
    }


def _drop_downs(sheet, lists_sheet, lists: dict[str, list[str]]) -> None:
    """A list validation per choice column, reading the hidden sheet's column (never a formula
    built from the values, so a category name cannot become one)."""
    for index, (key, values) in enumerate(lists.items(), start=1):
        if not values:
            continue
        letter = get_column_letter(index)
        source = f"{quote_sheetname(lists_sheet.title)}!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(type="list", formula1=source, allow_blank=True)
        validation.errorStyle = "warning"  # other spellings the import accepts stay possible
        validation.showErrorMessage = True
        column = get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.key == key))
        validation.add(f"{column}2:{column}{MAX_ROWS + 1}")
        sheet.data_validations.append(validation)


def template_workbook(school: School):
    """The .xlsx to fill in: the headers, one marked sample row, drop-downs for the choice
    columns (from a hidden sheet) and a sheet of the category codes. Every cell formula-safe."""
    workbook = exports.new_workbook()
    sheet = workbook.create_sheet("资产台账")
    sheet.freeze_panes = "A2"
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    lists_sheet.sheet_state = "hidden"
    lists = _choice_lists(school)
    _drop_downs(sheet, lists_sheet, lists)
    sheet.append([header_cell(sheet, c.header + (" *" if c.required else "")) for c in COLUMNS])
    sheet.append(safe_row(sheet, [c.example for c in COLUMNS]))
    headers = {c.key: c.header for c in COLUMNS}
    lists_sheet.append(safe_row(lists_sheet, [headers[key] for key in lists]))
    longest = max((len(values) for values in lists.values()), default=0)
    for position in range(longest):
        row = [values[position] if position < len(values) else None for values in lists.values()]
        lists_sheet.append(safe_row(lists_sheet, row))
    codes = workbook.create_sheet("分类编码")
    codes.append(safe_row(codes, ["分类编码", "分类名称", "折旧年限"]))
    for code, name, life in AssetCategory.objects.filter(school=school).values_list(
        "code", "name", "useful_life_years"
    ):
        codes.append(safe_row(codes, [code, name, life if life else "不计提折旧"]))
    handle = exports.temporary_xlsx()
    workbook.save(handle)
    handle.seek(0)
    return handle


def _header_key(text) -> str | None:
    cleaned = str(text or "").replace("*", "").strip()
    for column in COLUMNS:
        if column.header == cleaned:
            return column.key
    return None


def refuse_oversized(upload) -> None:
    """Refused at once, in the request, before a job is made of it."""
    if upload.size > MAX_BYTES:
        raise ImportRefused(
            _("The file is larger than %(mb)s MB; split it into smaller files.")
            % {"mb": MAX_BYTES // 2**20}
        )


MAX_COLUMNS = 50  # the template has 15; a few extra empty or notes columns are tolerated


def _mapping(header: tuple) -> dict[int, str]:
    """Column index → key, or ImportRefused naming the missing and unknown columns."""
    mapping: dict[int, str] = {}
    unknown = []
    for index, text in enumerate(header):
        if text is None or str(text).strip() == "":
            continue
        key = _header_key(text)
        if key is None:
            unknown.append(str(text))
        else:
            mapping[index] = key
    missing = [c.header for c in COLUMNS if c.required and c.key not in mapping.values()]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("missing columns: %(cols)s") % {"cols": "、".join(missing)})
        if unknown:
            parts.append(_("unknown columns: %(cols)s") % {"cols": "、".join(unknown)})
        raise ImportRefused(
            _("The columns do not match the template (%(details)s). Download the template.")
            % {"details": "; ".join(parts)}
        )
    return mapping


def read_rows(upload) -> tuple[dict[int, str], list[tuple[int, tuple]]]:
    """(column index → key, [(row number, values)]); refuses what is not a usable ledger."""
    try:
        sheet = workbooks.read_sheet(
            upload, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS
        )
    except workbooks.WorkbookRefused as refused:
        raise ImportRefused(refused.message) from None
    mapping = _mapping(sheet.header)
    if not sheet.rows:
        raise ImportRefused(_("The spreadsheet has no rows to import."))
    return mapping, sheet.rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@dataclass
class _Lookups:
    """The school's categories, rooms and people, each by every name a ledger may use for it."""

    categories: dict[str, AssetCategory]
    rooms: dict[str, list[Room]]
    people: dict[str, list[User]]

    @classmethod
    def of(cls, school: School) -> _Lookups:
        rooms: dict[str, list[Room]] = {}
        for room in Room.objects.filter(school=school, archived_at__isnull=True).select_related(
            "building"
        ):
            for key in (
                _room_label(room),
                room.name,
                f"{room.building.code}-{room.code}",
                f"{room.building.name}{room.code}",
                f"{room.building.name} {room.code}",
            ):
                rooms.setdefault(key, []).append(room)
        people: dict[str, list[User]] = {}
        for user in User.objects.filter(school=school, is_active=True):
            for key in {user.username, f"{user.last_name}{user.first_name}"}:
                people.setdefault(key, []).append(user)
        categories = {c.code: c for c in AssetCategory.objects.filter(school=school)}
        return cls(categories=categories, rooms=rooms, people=people)


@dataclass
class _Row:
    """One spreadsheet row being checked: its values by key, the asset fields, its problems."""

    number: int
    raw: dict[str, Any]
    headers: dict[str, str]
    fields: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def text(self, key: str) -> str:
        return _text(self.raw.get(key))

    def bad(self, key: str, reason: str) -> None:
        self.problems.append(Problem(self.number, self.headers[key], reason))


def _check_name_and_category(row: _Row, categories: dict[str, AssetCategory]) -> None:
    name = row.text("name")
    if not name:
        row.bad("name", _("The name is empty."))
    row.fields["name"] = name[:100]
    # The drop-down offers "code name"; a bare code is accepted as before.
    category = categories.get(row.text("category").split(" ", 1)[0])
    if category is None:
        row.bad(
            "category",
            _("Unknown category code “%(code)s”.") % {"code": row.text("category")},
        )
    row.fields["category"] = category


def _check_price(row: _Row) -> None:
    price = row.raw.get("unit_price")
    try:
        price = Decimal(str(price).replace(",", "").replace("¥", "").strip())
        if not price.is_finite():
            raise InvalidOperation
    except (InvalidOperation, TypeError, ValueError):
        row.bad("unit_price", _("The unit price is not a number."))
        price = None
    row.fields["unit_price"] = price


def _check_quantity(row: _Row) -> None:
    quantity = row.raw.get("quantity")
    if quantity in (None, ""):
        quantity = 1
    try:
        quantity = int(Decimal(str(quantity)))
    except (InvalidOperation, ValueError):
        row.bad("quantity", _("The quantity is not a whole number."))
        quantity = None
    row.fields["quantity"] = quantity


def _check_purchase_date(row: _Row) -> None:
    purchased = row.raw.get("purchase_date")
    if isinstance(purchased, dt.datetime):
        purchased = purchased.date()
    elif isinstance(purchased, str):
        try:
            purchased = dt.date.fromisoformat(purchased.strip().replace("/", "-").replace(".", "-"))
        except ValueError:
            row.bad("purchase_date", _("The date is not a date (use 2024-09-01)."))
            purchased = None
    elif not isinstance(purchased, dt.date):
        row.bad("purchase_date", _("The purchase date is empty."))
        purchased = None
    row.fields["purchase_date"] = purchased


def _check_asset_values(row: _Row, school: School) -> None:
    """The ledger's own rules (services.validate_asset_values) once price, quantity and date read."""
    fields = row.fields
    if fields["unit_price"] is None or fields["quantity"] is None:
        return
    if fields["purchase_date"] is None:
        return
    for key, reason in services.validate_asset_values(
        school=school,
        category=fields["category"],
        unit_price=fields["unit_price"],
        quantity=fields["quantity"],
        purchase_date=fields["purchase_date"],
    ).items():
        if key != "category":
            row.bad(key, reason)


def _check_code(row: _Row, seen_codes: dict[str, int]) -> None:
    code = row.text("code")
    if code:
        if code in seen_codes:
            row.bad(
                "code",
                _("The code %(code)s is also on row %(row)s.")
                % {"code": code, "row": seen_codes[code]},
            )
        seen_codes.setdefault(code, row.number)
        if len(code) > 40:
            row.bad("code", _("The code is longer than 40 characters."))
    row.fields["code"] = code


def _check_choices_and_texts(row: _Row) -> None:
    source = row.text("source")
    if source and source not in SOURCES:
        row.bad("source", _("Use 购置, 捐赠 or 调入."))
    row.fields["source"] = SOURCES.get(source, AssetSource.PURCHASE)
    funding = row.text("funding_source")
    if funding and funding not in FUNDING:
        row.bad("funding_source", _("Use 财政拨款, 自筹, 专项, 捐赠 or 其他."))
    row.fields["funding_source"] = FUNDING.get(funding, FundingSource.BUDGET)
    for key, length in (("brand", 60), ("spec", 200), ("unit", 10), ("supplier", 100)):
        text = row.text(key)
        if len(text) > length:
            row.bad(key, _("Longer than %(n)s characters.") % {"n": length})
        if text:
            row.fields[key] = text
    if row.text("notes"):
        row.fields["notes"] = row.text("notes")


def _check_room_and_custodian(row: _Row, lookups: _Lookups) -> None:
    room_text = row.text("room")
    if room_text:
        rooms = lookups.rooms.get(room_text, [])
        if len(rooms) != 1:
            row.bad(
                "room",
                (
                    _("No room is called “%(room)s”.")
                    if not rooms
                    else _("Several rooms are called “%(room)s”; write building code-room number.")
                )
                % {"room": room_text},
            )
        else:
            row.fields["room"] = rooms[0]
    person = row.text("custodian")
    if person:
        people = lookups.people.get(person, [])
        if len(people) != 1:
            row.bad("custodian", _("No single staff member is “%(name)s”.") % {"name": person})
        else:
            row.fields["custodian"] = people[0]


def _check_row(row: _Row, *, school: School, lookups: _Lookups, seen_codes: dict[str, int]) -> None:
    """Every column of the row, in the template's order (the report lists problems so)."""
    _check_name_and_category(row, lookups.categories)
    _check_price(row)
    _check_quantity(row)
    _check_purchase_date(row)
    _check_asset_values(row, school)
    _check_code(row, seen_codes)
    _check_choices_and_texts(row)
    _check_room_and_custodian(row, lookups)


def _codes_on_ledger(
    school: School, seen_codes: dict[str, int], headers: dict[str, str]
) -> list[Problem]:
    """A problem for each code of the upload that an asset of the ledger already has."""
    if not seen_codes:
        return []
    from assets.models import Asset

    taken = Asset.objects.filter(school=school, code__in=list(seen_codes)).values_list(
        "code", flat=True
    )
    return [
        Problem(
            seen_codes[code],
            headers["code"],
            _("The code %(code)s is already on the ledger.") % {"code": code},
        )
        for code in taken
    ]


def _save_refused(number: int, exc: ValidationError, headers: dict[str, str]) -> ImportRefused:
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"code": exc.messages}
    return ImportRefused(
        _("Nothing was imported."),
        [Problem(number, headers.get(k, k), " ".join(v)) for k, v in messages.items()],
    )


def _save_rows(
    prepared: list[tuple[int, dict[str, Any]]],
    *,
    school: School,
    actor: User,
    headers: dict[str, str],
    on_progress: Callable[[int, int], None] | None,
    on_saved: Callable[[list], None] | None,
) -> list:
    created = []
    with transaction.atomic():
        for saved, (number, fields) in enumerate(prepared):
            if on_progress and saved % PROGRESS_ROWS == 0:
                on_progress(len(prepared) + saved, 2 * len(prepared))
            try:
                created.append(services.asset_create(school=school, actor=actor, **fields))
            except ValidationError as exc:
                raise _save_refused(number, exc, headers) from None
        if on_saved:
            on_saved(created)
    return created


def import_ledger(
    *,
    school: School,
    actor: User,
    upload,
    on_progress: Callable[[int, int], None] | None = None,
    on_saved: Callable[[list], None] | None = None,
) -> list:
    """Check every row, then create every asset (all or nothing).

    on_progress(done, total) is called as rows are checked, then saved (each row counts twice);
    on_saved(created) inside the transaction that saves them, so what it writes (a job's result)
    commits with the assets or not at all.
    """
    mapping, data = read_rows(upload)
    headers = {c.key: c.header for c in COLUMNS}
    lookups = _Lookups.of(school)
    problems: list[Problem] = []
    prepared = []
    seen_codes: dict[str, int] = {}
    for checked, (number, values) in enumerate(data):
        if on_progress and checked % PROGRESS_ROWS == 0:
            on_progress(checked, 2 * len(data))  # checking is the first half of the work
        raw = {key: (values[i] if i < len(values) else None) for i, key in mapping.items()}
        if _text(raw.get("name")).startswith(SAMPLE_MARK):
            sample = _("This is the template's sample row: delete it before importing.")
            problems.append(Problem(number, headers["name"], sample))
            continue
        row = _Row(number=number, raw=raw, headers=headers)
        _check_row(row, school=school, lookups=lookups, seen_codes=seen_codes)
        problems.extend(row.problems)
        prepared.append((number, row.fields))
    problems.extend(_codes_on_ledger(school, seen_codes, headers))
    if problems:
        problems.sort(key=lambda p: p.row)
        raise ImportRefused(
            _(
                "%(n)s problems found; nothing was imported. Correct the rows below and upload again."
            )
            % {"n": len(problems)},
            problems,
        )
    return _save_rows(
        prepared,
        school=school,
        actor=actor,
        headers=headers,
        on_progress=on_progress,
        on_saved=on_saved,
    )
