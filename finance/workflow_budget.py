"""The budget adjustment's steps (预算调剂: requested → approved or rejected), declared once: the
service runs them, the adjustment's page shows their buttons and the API's actions come from it.

Who decides follows the purchase tiers of the school's settings: an adjustment of at least the
principal's tier waits for the principal, a smaller one for the director (or the principal);
never the person who asked for it (also a database constraint).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.workflow import Guard, Transition, Workflow
from finance.choices import AdjustmentStatus as S
from finance.choices import ApprovalLevel
from finance.models import BudgetAdjustment, FinanceSettings


def tier_of(row: BudgetAdjustment) -> str:
    """The tier that decides this adjustment: the principal's from their threshold, else the
    director's."""
    rules = FinanceSettings.of(row.school_id)
    return ApprovalLevel.PRINCIPAL if row.amount >= rules.principal_from else ApprovalLevel.DIRECTOR


ROLES_OF_TIER: dict[str, frozenset[str]] = {
    ApprovalLevel.DIRECTOR: frozenset({Role.DIRECTOR, Role.PRINCIPAL}),
    ApprovalLevel.PRINCIPAL: frozenset({Role.PRINCIPAL}),
}


def may_decide(user, row: BudgetAdjustment) -> bool:
    return bool(user.role_codes & ROLES_OF_TIER[tier_of(row)])


NOT_THE_REQUESTER = Guard(
    lambda user, row: row.requested_by_id != user.pk,
    _("You asked for this adjustment; someone else must decide on it."),
    code="own_adjustment",
)
RIGHT_TIER = Guard(
    may_decide,
    _("An adjustment of this amount is decided by the principal."),
    code="not_your_tier",
)

ADJUSTMENT_WORKFLOW = Workflow(
    model=BudgetAdjustment,
    describe=lambda row: f"{row.from_line.name} → {row.to_line.name}",
    transitions=[
        Transition(
            "approve",
            frozenset({S.PENDING}),
            S.APPROVED,
            "approve",
            "adjustment_approved",
            _("Approve the adjustment"),
            _("Adjustment approved"),
            guards=(NOT_THE_REQUESTER, RIGHT_TIER),
        ),
        Transition(
            "reject",
            frozenset({S.PENDING}),
            S.REJECTED,
            "approve",
            "adjustment_rejected",
            _("Reject the adjustment"),
            _("Adjustment rejected"),
            guards=(NOT_THE_REQUESTER, RIGHT_TIER),
        ),
    ],
)
