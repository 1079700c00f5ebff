"""How budget adjustments are set up for the tests generated from finance.workflow_budget."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from finance.choices import AdjustmentStatus
from finance.models import BudgetAdjustment
from finance.workflow_budget import ADJUSTMENT_WORKFLOW
from tests.factories import UserFactory
from tests.finance.factories import line_of
from tests.workflow_cases import Scenario

CREWS: dict[int, dict] = {}


def build(school, status: str) -> BudgetAdjustment:
    crew = {
        "director": UserFactory(school=school, roles=[Role.DIRECTOR]),
        "principal": UserFactory(school=school, roles=[Role.PRINCIPAL]),
    }
    decided = status != AdjustmentStatus.PENDING
    row = BudgetAdjustment.objects.create(
        school=school,
        from_line=line_of(school, amount="50000"),
        to_line=line_of(school, amount="1000"),
        amount=Decimal("20000.00"),  # the principal's tier (10,000) or more
        reason="调剂",
        status=status,
        requested_by=crew["director"],
        decided_by=crew["principal"] if decided else None,
        decided_at=timezone.now() if decided else None,
    )
    CREWS[row.pk] = crew
    return row


def _own_adjustment(row, step):
    """A principal who asked for the adjustment themselves may not decide it."""
    principal = UserFactory(school=row.school, roles=[Role.PRINCIPAL])
    BudgetAdjustment.objects.filter(pk=row.pk).update(requested_by=principal)
    return principal


def _not_your_tier(row, step):
    """The director may not decide an adjustment of the principal's tier."""
    return UserFactory(school=row.school, roles=[Role.DIRECTOR])


SCENARIO = Scenario(
    name="budget-adjustments",
    workflow=ADJUSTMENT_WORKFLOW,
    api_base="/api/v1/finance/adjustments/",
    build=build,
    actor=lambda row, step: CREWS[row.pk]["principal"],
    body=lambda row, step: {"note": "同意"},
    html=lambda row, step, data: (
        reverse("finance:budgetadjustment_step", args=[row.pk, step.html_slug]),
        data,
    ),
    breakers={"own_adjustment": _own_adjustment, "not_your_tier": _not_your_tier},
)
