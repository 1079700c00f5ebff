"""Quotes (询价, 货比三家) and the order to the chosen supplier: the one way they are written
(pages, API, code).

- A quote is recorded or removed while its request is approved and not yet ordered, by the
  purchasers (logistics, director), for a supplier of the request's school that is not
  blacklisted, at most one per supplier, for an amount above zero with at most two decimals.
- An order is the request's "order" step (finance.workflow): from the school's `quotes_from`
  it needs `quotes_required` quotes and is placed with one of them (a quote that is not the
  lowest needs a reason); below it, a supplier and amount may be given directly. A request that
  needs public procurement (finance.procurement) cannot take this simple path at all.
Every refusal is a translated sentence (ValidationError 400, TransitionRefused 403/404/409) and
leaves nothing half-saved: each service runs in one transaction on the locked request row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import access, audit
from core.input_bounds import validate_plausible_date
from core.models import Supplier, User
from core.services import notify
from core.uploads import clean_document
from core.workflow import Effect, TransitionRefused
from finance import procurement
from finance.choices import ProcurementMethod
from finance.models import FinanceSettings, PurchaseOrder, PurchaseRequest, Quote
from finance.workflow import PURCHASE_WORKFLOW

# The request's history events of this part (the order is the workflow's "purchase_ordered").
QUOTED = "purchase_quoted"
QUOTE_REMOVED = "purchase_quote_removed"
EVENT_LABELS: dict[str, object] = {
    QUOTED: gettext_lazy("Quote recorded"),
    QUOTE_REMOVED: gettext_lazy("Quote removed"),
}

PURCHASERS_ONLY = gettext_lazy(
    "Only the general-affairs office (logistics, director) records quotes and orders."
)
CENT = Decimal("0.01")
LARGEST = Decimal("9999999999.99")  # max_digits=12, decimal_places=2
QUOTE_DOCUMENTS = (".pdf", ".jpg", ".jpeg", ".png", ".xlsx", ".docx")


# ---- checks shared by quotes and orders ----------------------------------------------------


def field_refusal(field: str, message: str, code: str = "invalid") -> ValidationError:
    """A refusal of one field's value, with a stable code (the API's `code`)."""
    return ValidationError({field: ValidationError(message, code=code)})


def check_amount(amount: Decimal | None, field: str = "amount") -> Decimal:
    """An amount of money a person typed: above zero, at most two decimals, not absurd."""
    if amount is None or not Decimal(amount).is_finite() or amount <= 0:
        raise field_refusal(field, _("An amount must be more than zero."), "zero_amount")
    if amount != amount.quantize(CENT):
        raise field_refusal(field, _("An amount has at most two decimals (fen)."), "decimals")
    if amount > LARGEST:
        raise field_refusal(field, _("The amount is too large."), "too_large")
    return amount


def supplier_refusal(supplier: Supplier, school_id: int) -> str:
    """Why this supplier cannot be quoted or chosen for a purchase of that school ("" if it can)."""
    if supplier.school_id != school_id or supplier.archived_at is not None:
        return _("Choose a supplier of your school.")
    if supplier.is_blacklisted:
        reason = supplier.blacklist_reason or _("no reason recorded")
        return _("%(supplier)s is blacklisted (%(reason)s) and cannot be chosen.") % {
            "supplier": supplier.name,
            "reason": reason,
        }
    return ""


def public_refusal(request: PurchaseRequest, rules: FinanceSettings, amount: Decimal) -> str:
    """Why the request must go through public procurement instead ("" if the simple path is open)."""
    public = (
        request.needs_public_procurement
        or request.method == ProcurementMethod.PUBLIC
        or procurement.method_for(request, rules) == ProcurementMethod.PUBLIC
        or procurement.method_for_amount(amount, request.kind, rules) == ProcurementMethod.PUBLIC
    )
    if not public:
        return ""
    threshold = procurement.public_threshold(rules, request.kind, timezone.localdate())
    return _(
        "Request %(number)s needs public procurement (from %(threshold)s yuan): it is bought "
        "through the government procurement procedure, not by quotes and an order here."
    ) % {"number": request.number, "threshold": threshold}


def _purchasable(request: PurchaseRequest, actor: User) -> PurchaseRequest:
    """The request, locked, if `actor` may record its quotes now; refused (404/403/409) if not."""
    locked = PURCHASE_WORKFLOW.lock(request)
    refused = PURCHASE_WORKFLOW.refusal(actor, locked, PURCHASE_WORKFLOW["order"])
    if refused is None:
        return locked
    if refused.code == "forbidden":
        raise TransitionRefused(str(PURCHASERS_ONLY), code="forbidden", status_code=403)
    if refused.code == "wrong_status":
        raise TransitionRefused(
            _(
                "Request %(number)s is “%(status)s”: quotes are recorded only while it is "
                "approved and not yet ordered."
            )
            % {"number": locked.number, "status": locked.get_status_display()},
            code="wrong_status",
            status_code=409,
        )
    raise refused


def valid_quotes(request: PurchaseRequest) -> QuerySet[Quote]:
    """The quotes that count (货比三家): from suppliers still in the register and not blacklisted."""
    return request.quotes.filter(
        supplier__is_blacklisted=False, supplier__archived_at__isnull=True
    ).order_by("amount", "pk")


# ---- quotes --------------------------------------------------------------------------------


def _second_quote(supplier: Supplier) -> ValidationError:
    message = _("%(supplier)s has already quoted for this request.") % {"supplier": supplier.name}
    return field_refusal("supplier", message, "second_quote")


@transaction.atomic
def quote_add(
    *,
    request: PurchaseRequest,
    actor: User,
    supplier: Supplier,
    amount: Decimal,
    quoted_on: dt.date | None = None,
    notes: str = "",
    document: File | None = None,
) -> Quote:
    """Record a supplier's quote for an approved request not yet ordered.

    Refused: a role other than the purchasers (403), another school's request (404), a request
    not approved or already ordered (409), one that needs public procurement (409), a supplier of
    another school, archived or blacklisted, a second quote of the same supplier, an amount of
    zero or less or with more than two decimals (400). Nothing is saved when refused."""
    locked = _purchasable(request, actor)
    rules = FinanceSettings.of(locked.school_id)
    check_amount(amount)
    refusal = public_refusal(locked, rules, amount)
    if refusal:
        raise TransitionRefused(refusal, code="public_procurement", status_code=409)
    problem = supplier_refusal(supplier, locked.school_id)
    if problem:
        raise field_refusal("supplier", problem, "supplier")
    if locked.quotes.filter(supplier=supplier).exists():
        raise _second_quote(supplier)
    day = quoted_on or timezone.localdate()
    validate_plausible_date(day)
    if day > timezone.localdate():
        raise field_refusal("quoted_on", _("A quote cannot be dated in the future."))
    quote = Quote(
        school_id=locked.school_id,
        request=locked,
        supplier=supplier,
        amount=amount,
        quoted_on=day,
        notes=notes.strip()[:200],
        recorded_by=actor,
    )
    if document is not None:
        quote.document = clean_document(document, allowed=QUOTE_DOCUMENTS)
    try:
        with transaction.atomic():
            quote.save()
    except IntegrityError:  # the same supplier quoted at the same moment
        raise _second_quote(supplier) from None
    audit.record_event(
        locked, event=QUOTED, actor=actor, supplier=supplier.name, amount=str(amount)
    )
    return quote


@transaction.atomic
def quote_remove(*, quote: Quote, actor: User) -> None:
    """Remove a quote (entered by mistake) while its request is approved and not yet ordered;
    the same refusals as quote_add for the role, the school and the status."""
    locked = _purchasable(quote.request, actor)
    found = Quote.objects.filter(pk=quote.pk, request=locked).first()
    if found is None:
        raise TransitionRefused(_("Not found."), code="not_found", status_code=404)
    audit.record_event(
        locked,
        event=QUOTE_REMOVED,
        actor=actor,
        supplier=found.supplier.name,
        amount=str(found.amount),
    )
    found.delete()


# ---- the order -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderChoice:
    """What the order is placed with: a quote (and why not the lowest), or, below the quote
    threshold, a supplier and amount given directly."""

    quote: Quote | None = None
    reason: str = ""
    supplier: Supplier | None = None
    amount: Decimal | None = None


def quotes_needed(request: PurchaseRequest, rules: FinanceSettings, amount: Decimal) -> bool:
    """Does this purchase need quotes (货比三家): the request's or the order's amount reaches the
    school's threshold."""
    return max(request.amount, amount) >= rules.quotes_from


def _chosen_quote(request: PurchaseRequest, choice: OrderChoice) -> tuple[Quote, str]:
    """The chosen quote (one of the request's, of a supplier that may be chosen) and the reason."""
    quote = choice.quote
    if quote is None or quote.request_id != request.pk:
        raise field_refusal("quote", _("Choose one of this request's quotes."), "quote")
    problem = supplier_refusal(quote.supplier, request.school_id)
    if problem:
        raise field_refusal("quote", problem, "supplier")
    lowest = valid_quotes(request).first()
    reason = choice.reason.strip()
    if lowest is not None and quote.amount > lowest.amount and not reason:
        raise field_refusal(
            "reason",
            _(
                "%(supplier)s's %(amount)s yuan is not the lowest quote (%(lowest)s yuan "
                "from %(other)s): say why it is chosen."
            )
            % {
                "supplier": quote.supplier.name,
                "amount": quote.amount,
                "lowest": lowest.amount,
                "other": lowest.supplier.name,
            },
            "reason",
        )
    if lowest is not None and quote.amount <= lowest.amount:
        reason = ""  # the lowest needs no reason; one given is not kept as if it did
    return quote, reason


def _check_enough_quotes(request: PurchaseRequest, rules: FinanceSettings) -> None:
    count = valid_quotes(request).count()
    if count < rules.quotes_required:
        raise field_refusal(
            "quote",
            _(
                "From %(threshold)s yuan a purchase needs at least %(required)s supplier "
                "quotes (货比三家); request %(number)s has %(count)s."
            )
            % {
                "threshold": rules.quotes_from,
                "required": rules.quotes_required,
                "number": request.number,
                "count": count,
            },
            "too_few_quotes",
        )


def _order_terms(
    request: PurchaseRequest, rules: FinanceSettings, choice: OrderChoice
) -> tuple[Supplier, Decimal, Quote | None, str]:
    """Supplier, amount, quote and reason of the order, every rule checked (nothing written)."""
    if choice.quote is not None:
        quote, reason = _chosen_quote(request, choice)
        supplier, amount = quote.supplier, quote.amount
    else:
        quote, reason = None, ""
        if choice.supplier is None:
            raise field_refusal("quote", _("Choose one of this request's quotes."))
        supplier, amount = choice.supplier, check_amount(choice.amount)
        problem = supplier_refusal(supplier, request.school_id)
        if problem:
            raise field_refusal("supplier", problem, "supplier")
    refusal = public_refusal(request, rules, amount)
    if refusal:
        raise TransitionRefused(refusal, code="public_procurement", status_code=409)
    if quotes_needed(request, rules, amount):
        _check_enough_quotes(request, rules)
        if quote is None:
            raise field_refusal("quote", _("Choose one of this request's quotes."))
    return supplier, amount, quote, reason


def next_order_number(school_id: int, day: dt.date) -> str:
    """DD-YYYYMMDD-NNNN, the school's next order number of that day. The caller holds the lock
    of the school's finance settings row, so two orders of one school never take the same."""
    prefix = f"DD-{day:%Y%m%d}-"
    last = (
        PurchaseOrder.objects.filter(school_id=school_id, number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:04d}"


@transaction.atomic
def order_place(
    *,
    request: PurchaseRequest,
    actor: User,
    quote: Quote | None = None,
    reason: str = "",
    supplier: Supplier | None = None,
    amount: Decimal | None = None,
    note: str = "",
) -> PurchaseOrder:
    """The request's "order" step: an order to the chosen quote's supplier for its amount.

    Guarantees: only the purchasers, on an approved request of their school (404/403/409 from the
    workflow); never for a request needing public procurement (409); from the quote threshold
    only with enough quotes and one of them chosen, a reason when it is not the lowest; a
    blacklisted or other school's supplier is never ordered from (400); the order number is
    unique in the school. The request becomes "ordered"; the requester is told."""
    choice = OrderChoice(quote=quote, reason=reason, supplier=supplier, amount=amount)
    placed: list[PurchaseOrder] = []

    def apply(row: PurchaseRequest) -> Effect:
        rules = FinanceSettings.objects.select_for_update().get(
            pk=FinanceSettings.of(row.school_id).pk
        )
        chosen_supplier, total, chosen, why = _order_terms(row, rules, choice)
        today = timezone.localdate()
        order = PurchaseOrder.objects.create(
            school_id=row.school_id,
            request=row,
            number=next_order_number(row.school_id, today),
            supplier=chosen_supplier,
            quote=chosen,
            choice_reason=why,
            amount=total,
            ordered_on=today,
            ordered_by=actor,
        )
        placed.append(order)
        _tell_requester(row, order)
        return Effect(
            data={"order": order.number, "supplier": chosen_supplier.name, "amount": str(total)}
        )

    PURCHASE_WORKFLOW.run("order", row=request, actor=actor, apply=apply, note=note)
    return placed[0]


def _tell_requester(row: PurchaseRequest, order: PurchaseOrder) -> None:
    """The requester is told, with a link to the request's quotes and order."""
    notify(
        recipients=[row.requested_by],
        school=row.school,
        title=_("Ordered: %(number)s %(title)s") % {"number": row.number, "title": row.title},
        body=_("Order %(order)s to %(supplier)s, %(amount)s yuan.")
        % {"order": order.number, "supplier": order.supplier.name, "amount": order.amount},
        url=reverse("finance:purchasing_request", args=[row.pk]),
    )


def may_purchase(user: User, request: PurchaseRequest) -> bool:
    """May this person record quotes and orders on this request (role and school; not status)?"""
    if not access.can(user, PurchaseRequest, "purchase"):
        return False
    scoped = access.scope(user, PurchaseRequest.objects.all(), "purchase")
    return scoped.filter(pk=request.pk).exists()
