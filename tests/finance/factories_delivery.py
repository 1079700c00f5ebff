"""An ordered purchase request, made directly (the requests and purchasing parts are built in
parallel): its items point at an asset category or a consumable, its estimate is committed to
the budget line through the budget service, the director approved it, the order is placed."""

from __future__ import annotations

import itertools
from decimal import Decimal

from assets.models import AssetCategory, Consumable
from assets.services.cards import categories_seed_defaults
from core.models import School, User
from finance.choices import ApprovalLevel, Decision, RequestStatus
from finance.models import Approval, BudgetLine, PurchaseOrder, PurchaseRequest
from finance.services.budget import budget_commit
from tests.finance.factories import line_of, request_of, supplier_of

_numbers = itertools.count(1)


def category(school: School, code: str = "2101") -> AssetCategory:
    categories_seed_defaults(school)
    return AssetCategory.objects.get(school=school, code=code)


def consumable(school: School, name: str = "A4复印纸", on_hand: str = "10") -> Consumable:
    found, _created = Consumable.objects.get_or_create(
        school=school,
        name=name,
        defaults={"unit": "箱", "quantity_on_hand": Decimal(on_hand), "unit_price": Decimal("20")},
    )
    return found


def ordered(
    school: School,
    people: dict[str, User],
    *,
    items: list[tuple[str, str, str]] = (("办公电脑", "2", "4800.00"),),  # type: ignore[assignment]
    kinds: list[str] | None = None,  # per item: "asset", "stock" or "" (neither)
    line: BudgetLine | None = None,
    title: str = "办公电脑",
) -> PurchaseRequest:
    """An ORDERED request of `people["teacher"]`, approved by the director, its estimate
    committed to `line` (a new 100,000 yuan stop line by default)."""
    line = line or line_of(school, amount="100000")
    request = request_of(
        school, requester=people["teacher"], line=line, items=list(items), title=title
    )
    kinds = kinds or ["asset"] * len(items)
    for item, kind in zip(request.items.order_by("position"), kinds, strict=True):
        if kind == "asset":
            item.asset_category = category(school)
        elif kind == "stock":
            item.consumable = consumable(school, name=item.name)
        item.save()
    Approval.objects.create(
        school=school,
        request=request,
        round=1,
        level=ApprovalLevel.DIRECTOR,
        decision=Decision.APPROVED,
        approver=people["director"],
        requester=request.requested_by,
    )
    budget_commit(
        line_id=line.pk,
        school_id=school.pk,
        amount=request.amount,
        request=request,
        actor=people["director"],
    )
    PurchaseOrder.objects.create(
        school=school,
        request=request,
        number=f"DD-TEST-{next(_numbers):05d}",
        supplier=supplier_of(school, name=f"联想专卖店{next(_numbers)}"),
        amount=request.amount,
        ordered_by=people["logistics"],
    )
    PurchaseRequest.objects.filter(pk=request.pk).update(
        status=RequestStatus.ORDERED, round=1, committed=request.amount
    )
    request.refresh_from_db()
    return request
