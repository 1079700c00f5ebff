"""Acceptance (验收 → 入库) and payment (报销/付款) of an ordered purchase request.

Both are steps of the request's declared chain (finance.workflow: "accept", "pay"), taken through
``PURCHASE_WORKFLOW.run``, so the row lock, the visibility, role, status and guard checks, the
audit event and the notices are the workflow's. What the services add:

- an acceptance is made by two people, neither the requester (the one who records it is the
  first; the database refuses the rest too); it receives at most what remains of each item and
  turns the lines into asset cards (items with an asset category) or one stock-in slip
  (items with a consumable) through the assets services only; when every item is received in
  full the request is "accepted";
- a payment is never above what was accepted (invoiced) and not yet paid; it moves its amount
  from committed to spent through the one budget service; the last payment releases what the
  estimate committed beyond the invoice and makes the request "paid". An invoice above the
  estimate by more than the school's tolerance needs the director's or the principal's
  approval first (:func:`excess_approve`), and they do not pay it themselves.

Every refusal is a ValidationError (or the workflow's TransitionRefused) with a sentence, raised
before anything is kept: nothing is half-saved and the budget figures stay as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from assets.models import Asset
from assets.services.cards import asset_create, is_fixed_asset
from assets.services.stock import consumable_stock_in
from core import access, audit
from core.models import User
from core.uploads import clean_document
from core.workflow import Effect, Notice, TransitionRefused
from finance.choices import PaymentMethod, RequestStatus
from finance.models import (
    Acceptance,
    AcceptanceLine,
    ExcessApproval,
    FinanceSettings,
    Payment,
    PurchaseItem,
    PurchaseOrder,
    PurchaseRequest,
)
from finance.models.delivery import EXCESS_APPROVERS
from finance.services.budget import budget_release, budget_spend
from finance.workflow import PURCHASE_WORKFLOW

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
INVOICE_TYPES = (".pdf", ".jpg", ".jpeg", ".png")
MAX_CARDS_PER_LINE = 500  # one card per fixed asset: past this a typo is likelier


@dataclass(frozen=True)
class LineInput:
    """What of one item this delivery brought; `unit_price` None: the estimated price."""

    item: PurchaseItem
    quantity: Decimal
    unit_price: Decimal | None = None
    # For an item without a target: "asset:<category id>" or "stock:<consumable id>" ("" none).
    book: str = ""


# ---- reading the state of a request -----------------------------------------------------------


def received_by_item(request: PurchaseRequest) -> dict[int, Decimal]:
    """Item id → quantity received so far (one query)."""
    rows = (
        AcceptanceLine.objects.filter(item__request=request)
        .values("item_id")
        .annotate(total=Sum("quantity"))
    )
    return {row["item_id"]: row["total"] for row in rows}


def accepted_amount(request: PurchaseRequest) -> Decimal:
    """What the acceptances invoiced, in yuan: the most that may be paid."""
    total = Acceptance.objects.filter(order__request=request).aggregate(t=Sum("invoice_amount"))
    return total["t"] or ZERO


def paid_amount(request: PurchaseRequest) -> Decimal:
    total = Payment.objects.filter(order__request=request, archived_at__isnull=True).aggregate(
        t=Sum("amount")
    )
    return total["t"] or ZERO


def tolerance_limit(request: PurchaseRequest) -> Decimal:
    """The invoiced total above which the payment needs an approval (estimate + tolerance)."""
    percent = FinanceSettings.of(request.school_id).payment_tolerance_percent
    return (request.amount * (1 + percent / 100)).quantize(CENT)


def needs_excess_approval(request: PurchaseRequest) -> bool:
    return accepted_amount(request) > tolerance_limit(request)


def excess_approval_of(request: PurchaseRequest) -> ExcessApproval | None:
    return ExcessApproval.objects.filter(request=request).select_related("approved_by").first()


# ---- checks shared by both steps -----------------------------------------------------------------


def _field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    """A refusal of one field, with its code (the API's `fields` and the form's field error)."""
    return ValidationError({field: ValidationError(message, code=code)})


def _check_money(value: Decimal | None, field: str, label: str) -> Decimal:
    if value is None:
        raise ValidationError({field: _("Enter the %(what)s.") % {"what": label}})
    value = Decimal(value)
    if value <= 0:
        raise _field_error(
            field, _("The %(what)s must be more than zero.") % {"what": label}, "positive"
        )
    if value != value.quantize(CENT):
        raise _field_error(
            field, _("The %(what)s has at most two decimals.") % {"what": label}, "decimals"
        )
    return value


def _order_of(request: PurchaseRequest) -> PurchaseOrder:
    order = PurchaseOrder.objects.filter(request=request).select_related("supplier").first()
    if order is None:
        raise ValidationError(_("This request has no order yet."), code="no_order")
    return order


def _same_school_person(person: User | None, request: PurchaseRequest, field: str) -> User:
    if person is None:
        raise ValidationError({field: _("Choose the second acceptor.")})
    if person.school_id != request.school_id or not person.is_active:
        raise ValidationError({field: _("The second acceptor must work at this school.")})
    return person


# ---- acceptance ----------------------------------------------------------------------------


def _check_acceptors(request: PurchaseRequest, actor: User, second: User | None) -> User:
    second = _same_school_person(second, request, "second_acceptor")
    if second.pk == actor.pk:
        raise _field_error(
            "second_acceptor",
            _("Two different people accept the goods; choose someone else."),
            "one_acceptor",
        )
    if second.pk == request.requested_by_id:
        raise _field_error(
            "second_acceptor",
            _("The requester cannot accept their own purchase."),
            "requester_accepts",
        )
    return second


def _check_lines(request: PurchaseRequest, lines: Sequence[LineInput]) -> list[LineInput]:
    """Each line on an item of this request, a positive quantity within what remains."""
    if not lines:
        raise _field_error(
            "lines", _("Enter the quantity received of at least one item."), "no_lines"
        )
    received = received_by_item(request)
    seen: set[int] = set()
    checked = []
    for line in lines:
        item = line.item
        if item.request_id != request.pk or item.pk in seen:
            raise ValidationError({"lines": _("An item is not one of this request's.")})
        seen.add(item.pk)
        quantity = _check_money(line.quantity, "lines", _("quantity received of %s") % item.name)
        remaining = item.quantity - received.get(item.pk, ZERO)
        if quantity > remaining:
            message = _(
                "Only %(remaining)s %(unit)s of “%(item)s” remain to be received "
                "(%(ordered)s ordered); %(quantity)s is too many."
            ) % {
                "remaining": _plain(remaining),
                "unit": item.unit,
                "item": item.name,
                "ordered": _plain(item.quantity),
                "quantity": _plain(quantity),
            }
            raise _field_error("lines", message, "over_received")
        _book(request, item, line.book)
        if item.asset_category_id and quantity != quantity.to_integral_value():
            raise ValidationError(
                {
                    "lines": _("“%(item)s” become asset cards: receive whole units.")
                    % {"item": item.name}
                }
            )
        price = line.unit_price if line.unit_price is not None else item.unit_price
        price = _check_money(price, "lines", _("invoiced unit price of %s") % item.name)
        checked.append(LineInput(item, quantity, price))
    return checked


def _book(request: PurchaseRequest, item: PurchaseItem, book: str) -> None:
    """Give an item without a target the one the acceptor chose (the office books the goods):
    a category or a consumable of the request's school; a target once set stays."""
    if not book or item.asset_category_id or item.consumable_id:
        return
    from assets.models import AssetCategory, Consumable

    kind, _sep, pk = book.partition(":")
    models: dict[str, Any] = {"asset": AssetCategory, "stock": Consumable}
    model = models.get(kind)
    target = (
        model._default_manager.filter(school_id=request.school_id, pk=pk).first()
        if model is not None and pk.isdigit()
        else None
    )
    if target is None:
        raise ValidationError(
            {"lines": _("Choose an asset category or a consumable of the school.")}
        )
    field = "asset_category" if kind == "asset" else "consumable"
    setattr(item, field, target)
    item.save(update_fields=[field, "updated_at"])


def _invoice_total(lines: Sequence[LineInput], given: Decimal | None) -> Decimal:
    total = sum(((line.quantity * line.unit_price).quantize(CENT) for line in lines), ZERO)  # type: ignore[operator]
    if given is None:
        return total
    given = _check_money(given, "invoice_amount", _("invoice amount"))
    if given != total:
        message = _(
            "The invoice amount %(given)s does not match the lines received "
            "(%(total)s yuan): check the quantities and unit prices."
        ) % {"given": given, "total": total}
        raise _field_error("invoice_amount", message, "invoice_mismatch")
    return given


def _make_cards(acceptance: Acceptance, line: AcceptanceLine, actor: User) -> list[Asset]:
    """Asset cards of an accepted line: one per unit for a fixed asset (一物一卡), one card for
    a batch of low-value items; with supplier, price, purchase date and funding filled in."""
    item, request = line.item, acceptance.order.request
    category = item.asset_category
    assert category is not None
    units = int(line.quantity)
    fixed = is_fixed_asset(school=request.school, category=category, unit_price=line.unit_price)
    if fixed and units > MAX_CARDS_PER_LINE:
        raise ValidationError({"lines": _("Too many asset cards in one line.")})
    common = {
        "school": request.school,
        "actor": actor,
        "category": category,
        "name": item.name,
        "spec": item.specification,
        "unit": item.unit,
        "unit_price": line.unit_price,
        "purchase_date": acceptance.accepted_on,
        "supplier": acceptance.order.supplier.name[:100],
        "responsible_department": request.department,
        "notes": _("Purchase %(number)s, invoice %(invoice)s")
        % {"number": request.number, "invoice": acceptance.invoice_number},
    }
    if fixed:
        return [asset_create(**common) for _unit in range(units)]
    return [asset_create(quantity=units, **common)]


def _record_acceptance(
    row: PurchaseRequest,
    *,
    actor: User,
    second: User,
    lines: Sequence[LineInput],
    invoice: dict,
    accepted_on: dt.date,
    notes: str,
) -> Acceptance:
    order = _order_of(row)
    acceptance = Acceptance.objects.create(
        school_id=row.school_id,
        order=order,
        accepted_on=accepted_on,
        first_acceptor=actor,
        second_acceptor=second,
        requester_id=row.requested_by_id,
        notes=notes[:200],
        **invoice,
    )
    made = [
        AcceptanceLine.objects.create(
            school_id=row.school_id,
            acceptance=acceptance,
            item=line.item,
            quantity=line.quantity,
            unit_price=line.unit_price,
        )
        for line in lines
    ]
    for line in made:
        if line.item.asset_category_id:
            line.assets.set(_make_cards(acceptance, line, actor))
    stock = [line for line in made if line.item.consumable_id]
    if stock:
        slip = consumable_stock_in(
            school=row.school,
            actor=actor,
            lines=[(line.item.consumable, line.quantity) for line in stock],  # type: ignore[misc]
            unit_prices=[line.unit_price for line in stock],
            supplier=order.supplier.name[:100],
            reason=_("Purchase %(number)s") % {"number": row.number},
            date=accepted_on,
        )
        AcceptanceLine.objects.filter(pk__in=[line.pk for line in stock]).update(stock_slip=slip)
    return acceptance


def _excess_notice(row: PurchaseRequest) -> list[Notice]:
    """The director and the principal are told when the invoice needs their approval."""
    if not needs_excess_approval(row):
        return []
    people = User.objects.filter(
        school_id=row.school_id, is_active=True, user_roles__role__in=sorted(EXCESS_APPROVERS)
    ).distinct()
    title = _("Invoice above the estimate to approve: %(number)s") % {"number": row.number}
    return [Notice(list(people), title)]


def _complete(row: PurchaseRequest) -> bool:
    received = received_by_item(row)
    return all(received.get(item.pk, ZERO) >= item.quantity for item in row.items.all())


@transaction.atomic
def acceptance_record(
    *,
    request: PurchaseRequest,
    actor: User,
    second_acceptor: User | None,
    lines: Sequence[LineInput],
    invoice_number: str,
    invoice_amount: Decimal | None = None,
    invoice_file: File | None = None,
    accepted_on: dt.date | None = None,
    notes: str = "",
) -> Acceptance:
    """Record a delivery of an ordered request, accepted by `actor` and `second_acceptor`.

    Guarantees: two different people, neither the requester; every quantity positive and within
    what remains of its item; the invoice amount the sum of the lines; the accepted lines become
    asset cards (items with a category) or one stock-in slip (items with a consumable) through
    the assets services; the request is "accepted" once every item is received in full. A refusal
    keeps nothing (no acceptance, no card, no stock).
    """
    accepted_on = accepted_on or timezone.localdate()
    if accepted_on > timezone.localdate():
        raise ValidationError({"accepted_on": _("The acceptance date cannot be in the future.")})
    number = (invoice_number or "").strip()
    if not number:
        raise ValidationError({"invoice_number": _("Enter the invoice number.")})
    invoice: dict[str, object] = {"invoice_number": number[:40]}
    if invoice_file:
        invoice["invoice_file"] = clean_document(invoice_file, allowed=INVOICE_TYPES)
    found: list[Acceptance] = []

    def apply(row: PurchaseRequest) -> Effect:
        second = _check_acceptors(row, actor, second_acceptor)
        checked = _check_lines(row, lines)
        invoice["invoice_amount"] = _invoice_total(checked, invoice_amount)
        acceptance = _record_acceptance(
            row,
            actor=actor,
            second=second,
            lines=checked,
            invoice=invoice,
            accepted_on=accepted_on,
            notes=notes,
        )
        found.append(acceptance)
        done = _complete(row)
        notices = [
            Notice([row.requested_by], _("Goods accepted: %(number)s") % {"number": row.number})
        ]
        if done:
            row.status = RequestStatus.ACCEPTED
            notices += _excess_notice(row)
        return Effect(notices=notices, data={"acceptance": acceptance.pk, "complete": done})

    PURCHASE_WORKFLOW.run("accept", row=request, actor=actor, apply=apply, note=notes)
    return found[0]


# ---- the excess over the estimate ----------------------------------------------------------------


@transaction.atomic
def excess_approve(*, request: PurchaseRequest, actor: User, note: str = "") -> ExcessApproval:
    """The director or the principal approves paying an invoice that passed the estimate by more
    than the tolerance. Refused to other roles (403), to the requester, when the request is not
    accepted (409), when no approval is needed and when it is already given."""
    if not access.scope(actor, PurchaseRequest).filter(pk=request.pk).exists():
        raise TransitionRefused(_("Not found."), code="not_found", status_code=404)
    row = PurchaseRequest.objects.select_for_update().get(pk=request.pk)
    if not access.can(actor, ExcessApproval, "approve") or not (
        actor.role_codes & EXCESS_APPROVERS
    ):
        raise TransitionRefused(
            _("Only the director or the principal approves an invoice above the estimate."),
            code="forbidden",
            status_code=403,
        )
    if row.requested_by_id == actor.pk:
        raise TransitionRefused(
            _("You made this request; someone else must approve the excess."),
            code="own_request",
            status_code=403,
        )
    if row.status != RequestStatus.ACCEPTED:
        raise TransitionRefused(
            _("Only an accepted request's invoice is approved for payment."),
            code="wrong_status",
            status_code=409,
        )
    invoiced = accepted_amount(row)
    if invoiced <= tolerance_limit(row):
        raise ValidationError(
            _("The invoice is within the tolerance: no approval is needed."), code="not_needed"
        )
    if ExcessApproval.objects.filter(request=row).exists():
        raise ValidationError(_("The excess is already approved."), code="already_approved")
    approval = ExcessApproval.objects.create(
        school_id=row.school_id,
        request=row,
        estimate=row.amount,
        invoiced=invoiced,
        approved_by=actor,
        note=(note or "")[:200],
    )
    audit.record_event(
        row, event="purchase_excess_approved", actor=actor, invoiced=str(invoiced), note=note
    )
    return approval


# ---- payment -------------------------------------------------------------------------------


def _check_excess(row: PurchaseRequest, actor: User, accepted: Decimal) -> User | None:
    """Who approved the excess (None when none was needed); refused while it waits for one."""
    if accepted <= tolerance_limit(row):
        return None
    approval = excess_approval_of(row)
    if approval is None or approval.invoiced < accepted:
        raise ValidationError(
            _(
                "The invoice (%(invoiced)s yuan) passes the estimate (%(estimate)s yuan) by more "
                "than the tolerance: the director or the principal must approve it first."
            )
            % {"invoiced": accepted, "estimate": row.amount},
            code="excess_not_approved",
        )
    if approval.approved_by_id == actor.pk:
        raise ValidationError(
            _("You approved the excess; another person must pay it."), code="excess_payer"
        )
    return approval.approved_by


def _check_voucher(row: PurchaseRequest, voucher: str) -> str:
    voucher = (voucher or "").strip()
    if not voucher:
        raise ValidationError({"voucher_number": _("Enter the voucher number.")})
    if Payment.objects.filter(school_id=row.school_id, voucher_number=voucher).exists():
        raise _field_error(
            "voucher_number",
            _("Voucher %(number)s is already recorded.") % {"number": voucher},
            "duplicate_voucher",
        )
    return voucher[:40]


def _move_money(row: PurchaseRequest, actor: User, amount: Decimal, last: bool) -> None:
    """Committed → spent through the budget service; the last payment releases the rest."""
    line_id = row.budget_line_id
    if line_id is None:
        raise ValidationError(_("Choose the budget line this purchase is paid from."))
    from_committed = min(amount, row.committed)
    budget_spend(
        line_id=line_id,
        school_id=row.school_id,
        amount=amount,
        from_committed=from_committed,
        request=row,
        actor=actor,
    )
    row.committed -= from_committed
    row.spent += amount
    if last and row.committed > 0:
        budget_release(
            line_id=line_id,
            school_id=row.school_id,
            amount=row.committed,
            request=row,
            actor=actor,
            note=_("The invoice was below the estimate."),
        )
        row.committed = ZERO


@transaction.atomic
def payment_record(
    *,
    request: PurchaseRequest,
    actor: User,
    amount: Decimal,
    voucher_number: str,
    method: str = PaymentMethod.TRANSFER,
    paid_on: dt.date | None = None,
    notes: str = "",
) -> Payment:
    """Pay (part of) an accepted request; `actor` is the payer.

    Guarantees: the payer approved no tier of it (the workflow's guard) nor its excess; the amount
    is positive with two decimals and at most what was accepted and not yet paid; the voucher
    number is new in the school; the amount moves from committed to spent on the budget line
    (budget_spend); the payment that completes it releases what the estimate committed beyond the
    invoice and makes the request "paid". A refusal keeps nothing; the budget is unchanged.
    """
    amount = _check_money(amount, "amount", _("amount"))
    paid_on = paid_on or timezone.localdate()
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The payment date cannot be in the future.")})
    if method not in PaymentMethod.values:
        raise ValidationError({"method": _("Choose how it was paid.")})
    found: list[Payment] = []

    def apply(row: PurchaseRequest) -> Effect:
        accepted = accepted_amount(row)
        due = accepted - paid_amount(row)
        if amount > due:
            message = _(
                "%(amount)s yuan is more than remains to be paid (%(due)s of the "
                "%(accepted)s yuan accepted)."
            ) % {"amount": amount, "due": due, "accepted": accepted}
            raise _field_error("amount", message, "over_paid")
        approver = _check_excess(row, actor, accepted)
        payment = Payment.objects.create(
            school_id=row.school_id,
            order=_order_of(row),
            amount=amount,
            paid_on=paid_on,
            method=method,
            voucher_number=_check_voucher(row, voucher_number),
            payer=actor,
            excess_approved_by=approver,
            notes=(notes or "")[:200],
        )
        found.append(payment)
        last = amount == due
        _move_money(row, actor, amount, last)
        if last:
            row.status = RequestStatus.PAID
        title = _("Payment recorded: %(number)s") % {"number": row.number}
        return Effect(
            notices=[Notice([row.requested_by], title)],
            data={"payment": payment.pk, "amount": str(amount), "paid": last},
        )

    PURCHASE_WORKFLOW.run("pay", row=request, actor=actor, apply=apply, note=notes)
    return found[0]


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"
