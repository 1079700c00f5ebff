"""The budget part's demo: bills paid from the budget (through the budget service) so the
execution page is not empty, and one adjustment between lines (requested and approved)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.models import School, User
from finance.models import BudgetAdjustment, BudgetLine, BudgetMovement
from finance.services import budget, budgeting

# line name, committed, spent: water and electricity bills and repairs paid directly (no request).
DEMO_MOVEMENTS = [
    ("水电费", "0", "186500.00"),
    ("办公费", "3200.00", "21450.00"),
    ("维修(护)费", "9000.00", "64380.00"),
    ("印刷费", "0", "18600.00"),
]
ADJUSTMENT_REASON = "期末考试试卷印刷量增加，从“其他”调剂至印刷费"


@transaction.atomic
def seed_budget_demo() -> None:
    """Idempotent: each line gets its demo movements once; the adjustment is made once."""
    school = School.objects.filter(code="hongxing").first()
    director = User.objects.filter(username="director").first()
    principal = User.objects.filter(username="principal").first()
    if school is None or director is None or principal is None:
        return
    year = timezone.localdate().year
    lines = {
        line.name: line for line in BudgetLine.objects.filter(school=school, budget_year__year=year)
    }
    for name, committed, spent in DEMO_MOVEMENTS:
        line = lines.get(name)
        if line is None or BudgetMovement.objects.filter(line=line, request__isnull=True).exists():
            continue
        if Decimal(committed):
            budget.budget_commit(
                line_id=line.pk,
                school_id=school.pk,
                amount=Decimal(committed),
                request=None,  # type: ignore[arg-type]  # a bill, not a purchase request
                actor=director,
            )
        budget.budget_spend(
            line_id=line.pk,
            school_id=school.pk,
            amount=Decimal(spent),
            from_committed=Decimal("0"),
            request=None,  # type: ignore[arg-type]
            actor=director,
        )
    _adjustment(school, lines, director, principal)


def _adjustment(school, lines, director, principal) -> None:
    if "其他" not in lines or "印刷费" not in lines:
        return
    if BudgetAdjustment.objects.filter(school=school, reason=ADJUSTMENT_REASON).exists():
        return
    adjustment = budgeting.adjustment_request(
        actor=director,
        from_line=lines["其他"],
        to_line=lines["印刷费"],
        amount=Decimal("5000.00"),
        reason=ADJUSTMENT_REASON,
    )
    budgeting.adjustment_approve(adjustment=adjustment, actor=principal, note="同意调剂")


__all__ = ["seed_budget_demo"]
