"""The monthly expenditure disclosure (财务公开): its content computed from the month's payments,
frozen when submitted, approved by the principal (never its drafter), then printable and, if
the school chooses, shown on a public page reached by an unguessable address."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.choices import Role
from core.input_bounds import validate_plausible_date
from core.models import User
from core.workflow import Effect, Notice
from finance.choices import EconomicCategory, ProcurementMethod
from finance.models import ExpenditureDisclosure, FinanceSettings, Payment, PurchaseOrder
from finance.workflow_disclosure import DISCLOSURE_WORKFLOW

ZERO = Decimal("0.00")
UNCATEGORISED = EconomicCategory.OTHER


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(first: dt.date) -> dt.date:
    """The first day of the following month (exclusive end)."""
    return (first + dt.timedelta(days=32)).replace(day=1)


def _money(value: Decimal | None) -> str:
    return f"{(value or ZERO):.2f}"


def _categories(school_id: int, first: dt.date) -> list[dict]:
    """The month's payments summed by the economic category of their budget line (one query)."""
    rows = (
        Payment.objects.filter(
            school_id=school_id,
            archived_at__isnull=True,
            paid_on__gte=first,
            paid_on__lt=month_end(first),
        )
        .values("order__request__budget_line__category")
        .annotate(amount=Sum("amount"), payments=Count("pk"))
        .order_by()
    )
    totals: dict[str, tuple[Decimal, int]] = {}
    for row in rows:
        code = row["order__request__budget_line__category"] or UNCATEGORISED
        amount, count = totals.get(code, (ZERO, 0))
        totals[code] = (amount + row["amount"], count + row["payments"])
    return [
        {
            "category": code,
            "label": str(label),
            "amount": _money(totals[code][0]),
            "payments": totals[code][1],
        }
        for code, label in EconomicCategory.choices
        if code in totals
    ]


def _purchases(school_id: int, first: dt.date, threshold: Decimal) -> list[dict]:
    """The orders paid this month whose amount is at least the school's disclosure amount:
    item, supplier, amount, method (one query)."""
    paid_this_month = Q(
        payments__archived_at__isnull=True,
        payments__paid_on__gte=first,
        payments__paid_on__lt=month_end(first),
    )
    orders = (
        PurchaseOrder.objects.filter(school_id=school_id, amount__gte=threshold)
        .annotate(paid=Sum("payments__amount", filter=paid_this_month))
        .filter(paid__isnull=False)
        .select_related("supplier", "request")
        .order_by("-amount", "number")
    )
    methods = dict(ProcurementMethod.choices)
    return [
        {
            "number": order.request.number,
            "item": order.request.title,
            "supplier": order.supplier.name,
            "amount": _money(order.amount),
            "paid": _money(order.paid),
            "method": order.request.method,
            "method_label": str(methods.get(order.request.method, order.request.method)),
        }
        for order in orders
    ]


def disclosure_content(school_id: int, month: dt.date) -> dict:
    """What the month's notice says: payments by economic category (with the total) and the
    purchases of at least the school's `disclosure_from` paid in the month. Plain JSON values
    (amounts as strings with two decimals), so the frozen copy prints as it was approved."""
    first = month_start(month)
    threshold = FinanceSettings.of(school_id).disclosure_from
    categories = _categories(school_id, first)
    total = sum((Decimal(row["amount"]) for row in categories), ZERO)
    return {
        "month": f"{first:%Y-%m}",
        "threshold": _money(threshold),
        "categories": categories,
        "total": _money(total),
        "purchases": _purchases(school_id, first, threshold),
        "computed_at": timezone.now().isoformat(timespec="seconds"),
    }


def labelled(content: dict) -> dict:
    """The content with its category and method names in the reader's language (the frozen
    copy keeps codes and amounts; names are the only thing read again)."""
    categories = dict(EconomicCategory.choices)
    methods = dict(ProcurementMethod.choices)
    return {
        **content,
        "categories": [
            {**row, "label": str(categories.get(row["category"], row.get("label", "")))}
            for row in content.get("categories", [])
        ],
        "purchases": [
            {**row, "method_label": str(methods.get(row["method"], row.get("method_label", "")))}
            for row in content.get("purchases", [])
        ],
    }


@transaction.atomic
def disclosure_draft(
    *, actor: User, month: dt.date, is_public: bool = False
) -> ExpenditureDisclosure:
    """Draft a month's disclosure (one per school and month); its figures are computed now and
    again when it is submitted, which freezes them. The public address key is made now."""
    first = month_start(month)
    validate_plausible_date(first)
    school_id = actor.school_id
    if school_id is None:
        raise ValidationError(_("Only members of a school can add its records."))
    if first > month_start(timezone.localdate()):
        raise ValidationError({"month": [_("A month still to come cannot be disclosed.")]})
    if ExpenditureDisclosure.objects.filter(school_id=school_id, month=first).exists():
        raise ValidationError(
            {
                "month": [
                    _("The expenditure disclosure of %(month)s already exists.")
                    % {"month": f"{first:%Y-%m}"}
                ]
            }
        )
    return ExpenditureDisclosure.objects.create(
        school_id=school_id,
        month=first,
        drafted_by=actor,
        is_public=is_public,
        public_token=secrets.token_urlsafe(24),
        content=disclosure_content(school_id, first),
    )


def _principals(school_id: int):
    return list(
        User.objects.filter(
            school_id=school_id, is_active=True, user_roles__role=Role.PRINCIPAL
        ).distinct()
    )


def disclosure_submit(
    *, disclosure: ExpenditureDisclosure, actor: User, note: str = ""
) -> ExpenditureDisclosure:
    """The drafter sends it to the principal: the content is computed once more and frozen."""

    def apply(row: ExpenditureDisclosure) -> Effect:
        row.content = disclosure_content(row.school_id, row.month)
        return Effect(
            notices=[Notice(_principals(row.school_id), _("To approve: disclosure %s") % row)]
        )

    return DISCLOSURE_WORKFLOW.run("submit", row=disclosure, actor=actor, apply=apply, note=note)


def disclosure_approve(
    *, disclosure: ExpenditureDisclosure, actor: User, note: str = ""
) -> ExpenditureDisclosure:
    """The principal (not the drafter: the workflow's guard and a database constraint) approves:
    the disclosure is published, printable, and public if the school chose so."""

    def apply(row: ExpenditureDisclosure) -> Effect:
        row.approved_by = actor
        row.approved_at = timezone.now()
        return Effect(notices=[Notice([row.drafted_by], _("Published: disclosure %s") % row)])

    return DISCLOSURE_WORKFLOW.run("approve", row=disclosure, actor=actor, apply=apply, note=note)


def disclosure_return(
    *, disclosure: ExpenditureDisclosure, actor: User, note: str = ""
) -> ExpenditureDisclosure:
    """The principal sends it back to its drafter, with a note saying what to correct."""

    def apply(row: ExpenditureDisclosure) -> Effect:
        return Effect(notices=[Notice([row.drafted_by], _("Returned: disclosure %s") % row, note)])

    return DISCLOSURE_WORKFLOW.run("send_back", row=disclosure, actor=actor, apply=apply, note=note)


DISCLOSURE_STEPS = {
    "submit": disclosure_submit,
    "approve": disclosure_approve,
    "send_back": disclosure_return,
}


def published_by_token(token: str) -> ExpenditureDisclosure | None:
    """The public page's disclosure: published and made public by its school, else None."""
    from finance.choices import DisclosureStatus

    if not token or len(token) > 40:
        return None
    return (
        ExpenditureDisclosure.objects.filter(
            public_token=token, status=DisclosureStatus.PUBLISHED, is_public=True
        )
        .select_related("school", "approved_by")
        .first()
    )
