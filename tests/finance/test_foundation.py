"""The foundation every part builds on: approval tiers, procurement method, the budget service."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from finance import approvals, procurement
from finance.choices import ApprovalLevel, BudgetControl, ProcurementMethod
from finance.models import BudgetLine, FinanceSettings
from finance.services.budget import budget_commit
from tests.factories import SchoolFactory
from tests.finance.factories import line_of, office, request_of

pytestmark = pytest.mark.django_db


def test_an_amount_climbs_every_tier_it_reaches():
    school = SchoolFactory()
    people = office(school)
    rules = FinanceSettings.of(school.pk)
    line = line_of(school, amount="100000")
    cases = {
        "500": [ApprovalLevel.HEAD],
        "3000": [ApprovalLevel.HEAD, ApprovalLevel.DIRECTOR],
        "10000": [ApprovalLevel.HEAD, ApprovalLevel.DIRECTOR, ApprovalLevel.PRINCIPAL],
        "60000": [ApprovalLevel.HEAD, ApprovalLevel.DIRECTOR, ApprovalLevel.COLLECTIVE],
    }
    for price, tiers in cases.items():
        request = request_of(
            school, requester=people["teacher"], line=line, items=[("x", "1", price)]
        )
        assert approvals.tiers_for(request, rules) == tiers, price
    # The head asks for their own department: the director approves even a small amount.
    own = request_of(school, requester=people["head"], line=line, items=[("x", "1", "500")])
    assert approvals.tiers_for(own, rules) == [ApprovalLevel.DIRECTOR]


def test_the_method_follows_the_quote_and_tender_thresholds():
    school = SchoolFactory()
    people = office(school)
    rules = FinanceSettings.of(school.pk)
    line = line_of(school, amount="900000", control=BudgetControl.WARN)
    methods = {"999.99": ProcurementMethod.DIRECT, "1000": ProcurementMethod.QUOTES}
    methods["200000"] = ProcurementMethod.PUBLIC
    for price, method in methods.items():
        request = request_of(
            school, requester=people["teacher"], line=line, items=[("x", "1", price)]
        )
        assert procurement.method_for(request, rules) == method, price


def test_a_stop_line_refuses_past_its_room_and_the_database_backs_it():
    school = SchoolFactory()
    people = office(school)
    line = line_of(school, amount="1000")
    request = request_of(school, requester=people["teacher"], line=line)
    budget_commit(
        line_id=line.pk,
        school_id=school.pk,
        amount=Decimal("800"),
        request=request,
        actor=people["director"],
    )
    with pytest.raises(ValidationError) as refused:
        budget_commit(
            line_id=line.pk,
            school_id=school.pk,
            amount=Decimal("300"),
            request=request,
            actor=people["director"],
        )
    assert refused.value.code == "budget_exceeded"
    line.refresh_from_db()
    assert line.committed == Decimal("800") and line.available == Decimal("200")
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(committed=Decimal("1200"))
    with pytest.raises(ValidationError) as missing:
        budget_commit(
            line_id=None,
            school_id=school.pk,
            amount=Decimal("1"),
            request=request,
            actor=people["director"],
        )
    assert missing.value.code == "no_budget_line"


def test_the_schools_robots_hear_once_that_a_line_is_exhausted():
    from core.models import Robot, RobotMessage

    school = SchoolFactory()
    people = office(school)
    robot = Robot.objects.create(
        school=school,
        kind="wecom",
        name="总务群",
        webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
        events=["budget_line_exhausted"],
    )
    line = line_of(school, amount="1000", name="办公设备购置")
    request = request_of(school, requester=people["teacher"], line=line)
    for amount in ("600", "400"):
        budget_commit(
            line_id=line.pk,
            school_id=school.pk,
            amount=Decimal(amount),
            request=request,
            actor=people["director"],
        )
        assert RobotMessage.objects.filter(robot=robot).count() == (amount == "400")
    (message,) = RobotMessage.objects.filter(robot=robot)
    assert "办公设备购置" in message.title and message.event == "budget_line_exhausted"
