"""How a purchase must be bought, in one place: directly, with three quotes, or by public
procurement, and the warning when a school's requests look split to stay under a threshold.

- From the school's `quotes_from` (default 1,000 yuan per purchase) at least `quotes_required`
  supplier quotes are recorded before an order (货比三家).
- From the school's own `tender_from`, or the public-procurement limit of the school's province
  (`ProcurementLimit`, by kind and effective date), the request needs public procurement and the
  simple path (quotes and an order here) is closed.
- Splitting (化整为零): requests of the same economic category of the same school within the
  fiscal year that each stayed under a threshold but together pass it are named to the approvers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from finance.choices import ProcurementMethod, RequestStatus
from finance.models import FinanceSettings, ProcurementLimit, PurchaseRequest

# Requests that count towards a year's purchases of a category (not drafts, refusals, cancels).
COUNTED = [
    RequestStatus.PENDING,
    RequestStatus.APPROVED,
    RequestStatus.ORDERED,
    RequestStatus.ACCEPTED,
    RequestStatus.PAID,
]


def provincial_limit(province: str, kind: str, on: dt.date) -> ProcurementLimit | None:
    """The province's limits for this kind of purchase in force on that day (None: none known)."""
    if not province:
        return None
    return (
        ProcurementLimit.objects.filter(province=province, kind=kind, effective_from__lte=on)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=on))
        .order_by("-effective_from")
        .first()
    )


def public_threshold(rules: FinanceSettings, kind: str, on: dt.date) -> Decimal:
    """The amount from which a purchase of this kind needs public procurement at this school."""
    limit = provincial_limit(rules.province, kind, on)
    if limit is None:
        return rules.tender_from
    return min(rules.tender_from, limit.decentralised_from)


def method_for(
    request: PurchaseRequest, rules: FinanceSettings, *, on: dt.date | None = None
) -> str:
    """How this request must be bought, from its amount and kind (on a day: today)."""
    return method_for_amount(request.amount, request.kind, rules, on=on)


def method_for_amount(
    amount: Decimal, kind: str, rules: FinanceSettings, *, on: dt.date | None = None
) -> str:
    """How a purchase of this amount and kind must be bought at this school on that day."""
    if amount >= public_threshold(rules, kind, on or timezone.localdate()):
        return ProcurementMethod.PUBLIC
    if amount >= rules.quotes_from:
        return ProcurementMethod.QUOTES
    return ProcurementMethod.DIRECT


def known_provinces() -> list[str]:
    """The provinces the limits table knows (the choices of the settings' province)."""
    return list(
        ProcurementLimit.objects.order_by("province").values_list("province", flat=True).distinct()
    )


@dataclass(frozen=True)
class SplitWarning:
    threshold: Decimal
    total: Decimal
    requests: list[PurchaseRequest]

    @property
    def message(self) -> str:
        numbers = "、".join(r.number for r in self.requests)
        return _(
            "Together with %(numbers)s, this year's requests of this category come to %(total)s "
            "yuan, past the %(threshold)s yuan threshold each of them stayed under (化整为零?)."
        ) % {"numbers": numbers, "total": self.total, "threshold": self.threshold}


def split_warning(request: PurchaseRequest, rules: FinanceSettings) -> SplitWarning | None:
    """The other requests of the same category and year that, with this one, pass a threshold
    each of them stayed under; None when there are none (two queries: the limit, the sums).

    Each threshold is judged on its own: the requests under the public-procurement threshold
    are not only those under the (lower) quote threshold. The warning names the highest
    threshold passed and the requests that stayed under it (at most twenty, oldest first)."""
    if request.budget_line_id is None:
        return None
    line = request.budget_line
    thresholds = sorted(
        {rules.quotes_from, public_threshold(rules, request.kind, timezone.localdate())}
    )
    under = [t for t in thresholds if t > 0 and request.amount < t]
    if not under:
        return None
    siblings = PurchaseRequest.objects.filter(
        school_id=request.school_id,
        status__in=COUNTED,
        budget_line__budget_year_id=line.budget_year_id,  # type: ignore[union-attr]
        budget_line__category=line.category,  # type: ignore[union-attr]
    ).exclude(pk=request.pk)
    sums = siblings.aggregate(
        **{f"t{i}": Sum("amount", filter=Q(amount__lt=t)) for i, t in enumerate(under)}
    )
    totals = [(sums[f"t{i}"] or Decimal("0")) + request.amount for i in range(len(under))]
    passed = [(t, total) for t, total in zip(under, totals, strict=True) if total >= t]
    if not passed:
        return None
    threshold, total = passed[-1]
    named = siblings.filter(amount__lt=threshold).order_by("created_at", "pk")[:20]
    return SplitWarning(threshold=threshold, total=total, requests=list(named))
