"""Who approves a purchase request, in one place: the tiers an amount climbs and whose turn it is.

A request climbs every tier its amount reaches, in order (after a typical school; the amounts are
the school's FinanceSettings): the head of its department, from `director_from` the
general-affairs director, from `principal_from` the principal, and from `collective_from`,
instead of the principal's signature, a collective decision (三重一大) that the principal records.
A department without a head, or a head who made the request, skips the head tier; then the
director approves even a small amount, so that someone other than the requester always does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from core.choices import Role
from finance.choices import ApprovalLevel, Decision
from finance.models import Approval, FinanceSettings

if TYPE_CHECKING:
    from core.models import User
    from finance.models import PurchaseRequest


def tiers_for(request: PurchaseRequest, rules: FinanceSettings) -> list[str]:
    """The tiers this request climbs, in order, from its amount and department."""
    amount: Decimal = request.amount
    head = request.department.head_id if request.department_id else None  # type: ignore[union-attr]
    tiers = []
    if head is not None and head != request.requested_by_id:
        tiers.append(ApprovalLevel.HEAD)
    if amount >= rules.director_from or not tiers:
        tiers.append(ApprovalLevel.DIRECTOR)
    if amount >= rules.collective_from:
        # The meeting's decision, recorded by the principal, takes the principal's own tier:
        # one person never signs two tiers, and a school has one principal.
        tiers.append(ApprovalLevel.COLLECTIVE)
    elif amount >= rules.principal_from:
        tiers.append(ApprovalLevel.PRINCIPAL)
    return [str(t) for t in tiers]


def next_tier(request: PurchaseRequest) -> str:
    """The tier after the current one; "" when the current one is the last."""
    tiers = list(request.levels)
    index = tiers.index(request.level) if request.level in tiers else len(tiers)
    return tiers[index + 1] if index + 1 < len(tiers) else ""


def is_turn_of(user: User, request: PurchaseRequest) -> bool:
    """Is the request waiting at a tier this person takes?"""
    if request.level == ApprovalLevel.HEAD:
        return bool(request.department_id) and request.department.head_id == user.pk  # type: ignore[union-attr]
    if request.level == ApprovalLevel.DIRECTOR:
        return Role.DIRECTOR in user.role_codes
    if request.level in (ApprovalLevel.PRINCIPAL, ApprovalLevel.COLLECTIVE):
        return Role.PRINCIPAL in user.role_codes
    return False


def approved_this_round(user: User, request: PurchaseRequest) -> bool:
    """Has this person already approved another tier of the request's current round?"""
    return Approval.objects.filter(
        request=request, round=request.round, approver=user, decision=Decision.APPROVED
    ).exists()


def approved_by(request: PurchaseRequest) -> set[int]:
    """Everyone who approved a tier of the request (any round): none of them may pay it."""
    return set(
        Approval.objects.filter(request=request, decision=Decision.APPROVED).values_list(
            "approver_id", flat=True
        )
    )
