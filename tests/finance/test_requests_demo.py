"""The demo school's purchase requests: every stage up to approved, through the services."""

from decimal import Decimal

import pytest

from core.demo import seed_demo_school
from finance.choices import ApprovalLevel, RequestStatus
from finance.demo import seed_finance_demo
from finance.models import Approval, BudgetLine, PurchaseRequest

pytestmark = pytest.mark.django_db


def test_seeding_twice_changes_nothing_and_shows_every_stage():
    school = seed_demo_school()
    seed_finance_demo()
    counts = (PurchaseRequest.objects.count(), Approval.objects.count())
    line = BudgetLine.objects.get(school=school, name="语文组教学用品")
    committed = line.committed
    seed_finance_demo()
    assert (PurchaseRequest.objects.count(), Approval.objects.count()) == counts
    assert BudgetLine.objects.get(pk=line.pk).committed == committed == Decimal("4320.00")
    requests = {r.title: r for r in PurchaseRequest.objects.filter(school=school)}
    assert requests["作文比赛奖品"].status == RequestStatus.DRAFT
    assert requests["古诗词挂图"].level == ApprovalLevel.HEAD
    assert requests["朗读录音笔"].level == ApprovalLevel.DIRECTOR
    assert requests["图书角书架"].status == RequestStatus.DRAFT
    assert requests["图书角书架"].approvals.get().decision == "returned"
    board = requests["语文组电子白板"]
    assert board.status == RequestStatus.APPROVED
    assert [a.approver.username for a in board.approvals.order_by("pk")] == [
        "teacher3",
        "director",
        "principal",
    ]
    assert {r.requested_by.username for r in requests.values()} == {"teacher1"}
