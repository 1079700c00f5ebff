"""Goods acceptance, retention, licence notices, meal costs and the monthly disclosure.

`delivery_record` is the one way a delivery is written (the form, the API and the admin call it):
it checks the whole delivery first and writes nothing when one line is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from canteen.models import (
    BULK_CATEGORIES,
    CostDisclosure,
    Delivery,
    DeliveryDocument,
    DeliveryLine,
    DinerCount,
    MealIncome,
    SupplierLicenceNotice,
)
from canteen.models.acceptance import (
    DisclosureStatus,
    DocumentKind,
    GoodsCategory,
    LineResult,
    add_months,
    keep_until,
)
from canteen.selectors import canteen_settings
from core import audit, robots
from core.input_bounds import validate_plausible_date
from core.models import Supplier, User
from core.services import notify, record_archive
from core.uploads import clean_document, clean_photo

CENT = Decimal("0.01")


@dataclass(frozen=True)
class LineInput:
    product: str
    category: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    production_date: dt.date
    shelf_life_days: int
    result: str = LineResult.ACCEPTED
    sensory_ok: bool = True
    specification: str = ""
    batch: str = ""
    refusal_reason: str = ""
    refused_action: str = ""

    @property
    def expiry_date(self) -> dt.date:
        return self.production_date + dt.timedelta(days=self.shelf_life_days)

    @property
    def amount(self) -> Decimal:
        return (Decimal(self.quantity) * Decimal(self.unit_price)).quantize(CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class DocumentInput:
    kind: str
    upload: File


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


# ---- deliveries ---------------------------------------------------------------------------


def _line_label(index: int, line: LineInput) -> str:
    return _("Line %(n)s (%(product)s)") % {"n": index, "product": line.product or "—"}


def _shelf_life_refusal(line: LineInput, day: dt.date, max_share: Decimal) -> str | None:
    """Why goods delivered on `day` may not be accepted for their dates (None: they may)."""
    if day >= line.expiry_date:
        return _("expired on %(day)s") % {"day": line.expiry_date.isoformat()}
    used = Decimal((day - line.production_date).days) / Decimal(line.shelf_life_days)
    if used > max_share:
        return _("%(used)s%% of the shelf life used, more than the school's %(max)s%%") % {
            "used": int(used * 100),
            "max": int(max_share * 100),
        }
    return None


def _basic_errors(line: LineInput, day: dt.date) -> list[str]:
    checks = [
        (not line.product.strip() or not line.unit.strip(), _("product and unit are required")),
        (line.category not in GoodsCategory.values, _("choose a category")),
        (line.quantity <= 0, _("the quantity must be more than 0")),
        (line.unit_price < 0, _("the unit price cannot be negative")),
        (line.production_date > day, _("the production date is after the delivery date")),
    ]
    return [message for failed, message in checks if failed]


def _result_errors(line: LineInput, day: dt.date, max_share: Decimal) -> list[str]:
    if line.result == LineResult.REFUSED:
        if not line.refusal_reason.strip() or not line.refused_action:
            return [_("say why it was refused and what happened to the goods")]
        return []
    if line.result != LineResult.ACCEPTED:
        return [_("choose accepted or refused")]
    errors = []
    if not line.sensory_ok:
        errors.append(_("goods that failed the sensory check cannot be accepted"))
    refusal = _shelf_life_refusal(line, day, max_share)
    if refusal:
        errors.append(_("%(why)s: it cannot be accepted; record it as refused") % {"why": refusal})
    return errors


def _line_errors(line: LineInput, day: dt.date, max_share: Decimal) -> list[str]:
    """The problems of one line, as short clauses (the caller names the line)."""
    if line.shelf_life_days <= 0:
        return [*_basic_errors(line, day), _("the shelf life must be at least one day")]
    return [*_basic_errors(line, day), *_result_errors(line, day, max_share)]


def _acceptor_errors(
    *, school_id: int, acceptor: User, second: User | None, bulk: bool
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key, person in (("acceptor", acceptor), ("second_acceptor", second)):
        if person is not None and (person.school_id != school_id or not person.is_active):
            errors[key] = [_("Choose a member of your school.")]
    if second is not None and second.pk == acceptor.pk:
        errors["second_acceptor"] = [
            _("The two acceptors must be two different people (the same person was chosen twice).")
        ]
    elif bulk and second is None:
        errors["second_acceptor"] = [
            _(
                "Bulk foods (rice, flour, oil, meat, eggs, milk) are accepted by two people: "
                "choose the second acceptor."
            )
        ]
    return errors


def _clean_documents(documents: Sequence[DocumentInput]) -> list[tuple[str, str, File]]:
    """(kind, field, cleaned file) for each upload; a PDF stays a PDF, anything else is a photo."""
    cleaned = []
    for document in documents:
        name = (document.upload.name or "").lower()
        if name.endswith(".pdf"):
            cleaned.append(
                (document.kind, "file", clean_document(document.upload, allowed=(".pdf",)))
            )
        else:
            cleaned.append((document.kind, "photo", clean_photo(document.upload)))
    return cleaned


def delivery_problems(
    *,
    school_id: int,
    date: dt.date,
    supplier: Supplier,
    acceptor: User,
    second_acceptor: User | None,
    lines: Sequence[LineInput],
) -> dict[str, list[str]]:
    """Every reason the delivery cannot be recorded, by field ({} when it can)."""
    errors: dict[str, list[str]] = {}
    try:
        validate_plausible_date(date)
    except ValidationError as exc:
        errors["date"] = exc.messages
    if date > timezone.localdate():
        errors["date"] = [_("A delivery cannot be recorded before it arrives.")]
    if supplier.school_id != school_id or supplier.archived_at is not None:
        errors["supplier"] = [_("Choose a supplier of your school.")]
    bulk = supplier.is_bulk_food or any(line.category in BULK_CATEGORIES for line in lines)
    errors.update(
        _acceptor_errors(school_id=school_id, acceptor=acceptor, second=second_acceptor, bulk=bulk)
    )
    max_share = canteen_settings(school_id).shelf_life_max_share
    line_errors = [
        _("%(line)s: %(problems)s")
        % {"line": _line_label(i, line), "problems": _("; ").join(problems)}
        for i, line in enumerate(lines, start=1)
        if (problems := _line_errors(line, date, max_share))
    ]
    if not lines:
        line_errors = [_("Add at least one product.")]
    if line_errors:
        errors["lines"] = line_errors
    return errors


@transaction.atomic
def delivery_record(
    *,
    actor: User,
    date: dt.date,
    supplier: Supplier,
    acceptor: User,
    second_acceptor: User | None = None,
    lines: Sequence[LineInput],
    documents: Sequence[DocumentInput] = (),
    notes: str = "",
) -> Delivery:
    """Record a delivery with its lines and documents, all or nothing.

    Refuses (ValidationError by field: date, supplier, acceptor, second_acceptor, lines,
    documents) a bulk-food delivery without two different acceptors, accepted goods that are
    expired, past the school's share of their shelf life or failed the sensory check, and refused
    goods without a reason and what became of them. Amounts, expiry dates, whether it is bulk food
    and how long it is kept are computed here.
    """
    school_id = actor.school_id
    if school_id is None:
        raise ValidationError(_("Only members of a school can add its records."))
    errors = delivery_problems(
        school_id=school_id,
        date=date,
        supplier=supplier,
        acceptor=acceptor,
        second_acceptor=second_acceptor,
        lines=lines,
    )
    try:
        files = _clean_documents(documents)
    except ValidationError as exc:
        errors["documents"] = exc.messages
    if errors:
        raise ValidationError(errors)
    delivery = Delivery.objects.create(
        school_id=school_id,
        date=date,
        supplier=supplier,
        acceptor=acceptor,
        second_acceptor=second_acceptor,
        is_bulk=supplier.is_bulk_food or any(line.category in BULK_CATEGORIES for line in lines),
        keep_until=keep_until(delivered=date, expiries=[line.expiry_date for line in lines]),
        recorded_by=actor,
        notes=notes,
    )
    for line in lines:
        DeliveryLine.objects.create(
            school_id=school_id,
            delivery=delivery,
            product=line.product.strip(),
            category=line.category,
            specification=line.specification,
            quantity=line.quantity,
            unit=line.unit.strip(),
            unit_price=line.unit_price,
            amount=line.amount,
            batch=line.batch,
            production_date=line.production_date,
            shelf_life_days=line.shelf_life_days,
            expiry_date=line.expiry_date,
            sensory_ok=line.sensory_ok,
            result=line.result,
            refusal_reason=line.refusal_reason if line.result == LineResult.REFUSED else "",
            refused_action=line.refused_action if line.result == LineResult.REFUSED else "",
        )
    for kind, field, upload in files:
        DeliveryDocument.objects.create(
            school_id=school_id, delivery=delivery, kind=kind, **{field: upload}
        )
    audit.record_event(delivery, event="delivery_recorded", actor=actor)
    return delivery


@transaction.atomic
def delivery_attach(
    *, delivery: Delivery, actor: User, document: DocumentInput
) -> DeliveryDocument:
    """Attach a certificate or invoice found after the delivery was recorded (a photo or PDF)."""
    try:
        ((kind, field, upload),) = _clean_documents([document])
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from None
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [_("Choose the kind of document.")]})
    found = DeliveryDocument.objects.create(
        school_id=delivery.school_id, delivery=delivery, kind=kind, **{field: upload}
    )
    audit.record_event(delivery, event="delivery_document_added", actor=actor)
    return found


@transaction.atomic
def delivery_archive(*, delivery: Delivery, actor: User) -> Delivery:
    """Archive a delivery once the law no longer asks to keep it; refused before (400)."""
    refusal = delivery.archive_refusal()
    if refusal:
        raise ValidationError(refusal, code="kept_by_law")
    record_archive(record=delivery, actor=actor)
    return delivery


# ---- supplier licences --------------------------------------------------------------------

LICENCE_ROBOT_EVENT = "supplier_licence_expiring"


def licence_recipients(school_id: int) -> list[User]:
    from canteen.models.common import CANTEEN_APPROVERS

    return list(
        User.objects.filter(
            school_id=school_id, is_active=True, user_roles__role__in=CANTEEN_APPROVERS
        ).distinct()
    )


def notify_expiring_licences(*, today: dt.date | None = None) -> int:
    """Tell the canteen manager and the director of each licence expiring soon, once per supplier
    and expiry date (a unique flag row claims it: a second run, or two workers, notify nothing)."""
    from core.views.suppliers import licence_due

    told = 0
    for supplier in licence_due(Supplier.objects.all(), today).select_related("school"):
        assert supplier.licence_expiry is not None  # licence_due filters on it
        with transaction.atomic():
            try:
                with transaction.atomic():
                    SupplierLicenceNotice.objects.create(
                        supplier=supplier, expiry=supplier.licence_expiry
                    )
            except IntegrityError:
                continue  # already told for this expiry date
            title = _("Supplier licence expiring: %(name)s") % {"name": supplier.name}
            body = _("The licence %(number)s is valid until %(day)s.") % {
                "number": supplier.licence_number,
                "day": supplier.licence_expiry.isoformat(),
            }
            url = supplier.get_absolute_url()
            notify(
                recipients=licence_recipients(supplier.school_id),
                school=supplier.school,
                title=title,
                body=body,
                url=url,
            )
            robots.announce(
                school=supplier.school,
                event=LICENCE_ROBOT_EVENT,
                title=title,
                markdown=body,
                url=url,
                once_key=f"supplier-licence:{supplier.pk}:{supplier.licence_expiry.isoformat()}",
            )
            told += 1
    return told


# ---- meal costs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCosts:
    income: Decimal | None  # None: no income entered for the month
    food_cost: Decimal
    meals: int  # diners × meals (students and staff)
    cost_per_meal: Decimal | None  # None: no diners recorded
    balance: Decimal | None

    @classmethod
    def of(cls, income: Decimal | None, food_cost: Decimal, meals: int) -> MonthCosts:
        per_meal = (food_cost / meals).quantize(CENT, ROUND_HALF_UP) if meals else None
        balance = income - food_cost if income is not None else None
        return cls(income, food_cost, meals, per_meal, balance)


def accepted_lines(school_ids: Iterable[int], first: dt.date, last: dt.date):
    """The accepted goods of deliveries between two days (both included): the food cost."""
    return DeliveryLine.objects.filter(
        school_id__in=list(school_ids),
        result=LineResult.ACCEPTED,
        delivery__archived_at__isnull=True,
        delivery__date__gte=first,
        delivery__date__lte=last,
    )


def month_costs(school_ids: Iterable[int], month: dt.date) -> dict[int, MonthCosts]:
    """Each school's figures of the month, in three grouped queries whatever the number."""
    first = month_start(month)
    return period_costs(school_ids, first, add_months(first, 1) - dt.timedelta(days=1))


def period_costs(school_ids: Iterable[int], first: dt.date, last: dt.date) -> dict[int, MonthCosts]:
    """Figures of the days first..last (both included): income of the months they start,
    accepted goods, meals eaten. Three grouped queries for any number of schools."""
    ids = list(school_ids)
    costs = dict(
        accepted_lines(ids, first, last)
        .values("school_id")
        .annotate(total=Sum("amount"))
        .values_list("school_id", "total")
    )
    meals = dict(
        DinerCount.objects.filter(school_id__in=ids, day__gte=first, day__lte=last)
        .values("school_id")
        .annotate(total=Sum(F("students") + F("staff")))
        .values_list("school_id", "total")
    )
    income = dict(
        MealIncome.objects.filter(
            school_id__in=ids, month__gte=first, month__lte=last, archived_at__isnull=True
        )
        .values("school_id")
        .annotate(total=Sum("amount"))
        .values_list("school_id", "total")
    )
    return {
        pk: MonthCosts.of(income.get(pk), costs.get(pk) or Decimal("0.00"), meals.get(pk) or 0)
        for pk in ids
    }


def spending_by_category(
    school_id: int, month: dt.date, *, recorded_by: dt.datetime | None = None
) -> list[tuple[str, Decimal]]:
    """(category label, amount) of the month's accepted goods, largest first (one query);
    `recorded_by`: only deliveries recorded by then (what a disclosure's figures counted)."""
    first = month_start(month)
    last = add_months(first, 1) - dt.timedelta(days=1)
    lines = accepted_lines([school_id], first, last)
    if recorded_by is not None:
        lines = lines.filter(delivery__created_at__lte=recorded_by)
    rows = (
        lines.values("category")
        .annotate(total=Sum("amount"))
        .order_by("-total", "category")
        .values_list("category", "total")
    )
    return [(str(GoodsCategory(code).label), total) for code, total in rows]


# ---- the monthly disclosure ---------------------------------------------------------------


def _fill_figures(disclosure: CostDisclosure) -> None:
    figures = month_costs([disclosure.school_id], disclosure.month)[disclosure.school_id]
    disclosure.income = figures.income or Decimal("0.00")
    disclosure.food_cost = figures.food_cost
    disclosure.balance = disclosure.income - figures.food_cost
    disclosure.meals_served = figures.meals
    disclosure.cost_per_meal = figures.cost_per_meal
    disclosure.figures_at = timezone.now()


@transaction.atomic
def disclosure_draft(*, actor: User, month: dt.date, notes: str = "") -> CostDisclosure:
    """Draft the month's disclosure with its figures computed now (one per school and month)."""
    first = month_start(month)
    validate_plausible_date(first)
    school_id = actor.school_id
    if school_id is None:
        raise ValidationError(_("Only members of a school can add its records."))
    if CostDisclosure.objects.filter(school_id=school_id, month=first).exists():
        raise ValidationError(
            {
                "month": [
                    _("The disclosure of %(month)s already exists.") % {"month": f"{first:%Y-%m}"}
                ]
            }
        )
    disclosure = CostDisclosure(school_id=school_id, month=first, notes=notes, drafted_by=actor)
    _fill_figures(disclosure)
    disclosure.save()
    return disclosure


def disclosure_submit(*, disclosure: CostDisclosure, actor: User, note: str = "") -> CostDisclosure:
    """The drafter sends it to the principal; the figures are computed again at this moment."""
    from canteen.workflow_acceptance import DISCLOSURE_WORKFLOW
    from core.workflow import Effect, Notice

    def apply(row: CostDisclosure) -> Effect:
        _fill_figures(row)
        principals = User.objects.filter(
            school_id=row.school_id, is_active=True, user_roles__role="principal"
        ).distinct()
        return Effect(notices=[Notice(list(principals), _("To approve: %s") % row)])

    return DISCLOSURE_WORKFLOW.run("submit", row=disclosure, actor=actor, apply=apply, note=note)


def disclosure_approve(
    *, disclosure: CostDisclosure, actor: User, note: str = ""
) -> CostDisclosure:
    """The principal approves: the disclosure is published and can be printed as a notice."""
    from canteen.workflow_acceptance import DISCLOSURE_WORKFLOW
    from core.workflow import Effect, Notice

    def apply(row: CostDisclosure) -> Effect:
        row.approved_by = actor
        row.published_at = timezone.now()
        return Effect(notices=[Notice([row.drafted_by], _("Published: %s") % row)])

    return DISCLOSURE_WORKFLOW.run("approve", row=disclosure, actor=actor, apply=apply, note=note)


def disclosure_return(*, disclosure: CostDisclosure, actor: User, note: str = "") -> CostDisclosure:
    """The principal sends it back to its drafter (with a note saying what to correct)."""
    from canteen.workflow_acceptance import DISCLOSURE_WORKFLOW
    from core.workflow import Effect, Notice

    def apply(row: CostDisclosure) -> Effect:
        return Effect(notices=[Notice([row.drafted_by], _("Returned: %s") % row, note)])

    return DISCLOSURE_WORKFLOW.run("send_back", row=disclosure, actor=actor, apply=apply, note=note)


DISCLOSURE_STEPS = {
    "submit": disclosure_submit,
    "approve": disclosure_approve,
    "send_back": disclosure_return,
}
PUBLISHED = DisclosureStatus.PUBLISHED
