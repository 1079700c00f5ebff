"""The budget demo: bills paid through the budget service and one approved adjustment, once."""

from decimal import Decimal

import pytest

from core.demo import seed_demo_school
from finance.choices import AdjustmentStatus, MovementKind
from finance.demo_budget import seed_budget_demo
from finance.models import BudgetAdjustment, BudgetLine, BudgetMovement

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_execution_page_once():
    school = seed_demo_school()
    counts = (BudgetMovement.objects.count(), BudgetAdjustment.objects.count())
    seed_budget_demo()
    assert (BudgetMovement.objects.count(), BudgetAdjustment.objects.count()) == counts
    utilities = BudgetLine.objects.get(school=school, name="水电费")
    assert utilities.spent >= Decimal("186500.00")
    adjustment = BudgetAdjustment.objects.get(school=school, to_line__name="印刷费")
    assert adjustment.status == AdjustmentStatus.APPROVED
    assert adjustment.decided_by.username == "principal"
    assert BudgetMovement.objects.filter(kind=MovementKind.ADJUST).count() == 2
    printing = BudgetLine.objects.get(school=school, name="印刷费")
    assert printing.amount == Decimal("35000.00") and printing.available >= 0
