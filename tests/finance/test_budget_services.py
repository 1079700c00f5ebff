"""The budget part's services: years, a line's amount, adjustments between lines (预算调剂)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import Notification
from core.workflow import TransitionRefused
from finance.choices import AdjustmentStatus, BudgetControl, MovementKind, YearStatus
from finance.models import BudgetAdjustment, BudgetLine, BudgetMovement
from finance.services import budgeting
from finance.services.budget import budget_commit
from tests.factories import SchoolFactory
from tests.finance.factories import line_of, office, request_of

pytestmark = pytest.mark.django_db


def _figures(*lines):
    return [
        BudgetLine.objects.values_list("amount", "committed", "spent").get(pk=line.pk)
        for line in lines
    ]


def _commit(line, people, amount):
    request = request_of(line.school, requester=people["teacher"], line=line)
    return budget_commit(
        line_id=line.pk,
        school_id=line.school_id,
        amount=Decimal(amount),
        request=request,
        actor=people["director"],
    )


@pytest.fixture
def setup():
    school = SchoolFactory()
    people = office(school)
    source = line_of(school, amount="20000", name="其他")
    target = line_of(school, amount="5000", name="印刷费")
    return school, people, source, target


def test_an_approved_adjustment_moves_the_amount_and_records_two_movements(setup):
    _school, people, source, target = setup
    adjustment = budgeting.adjustment_request(
        actor=people["director"],
        from_line=source,
        to_line=target,
        amount=Decimal("3000.00"),
        reason="试卷印刷",
    )
    assert adjustment.status == AdjustmentStatus.PENDING
    assert _figures(source, target)[0][0] == Decimal("20000.00")  # nothing moves before approval
    done = budgeting.adjustment_approve(
        adjustment=adjustment, actor=people["principal"], note="同意"
    )
    assert done.status == AdjustmentStatus.APPROVED and done.decided_by == people["principal"]
    assert [f[0] for f in _figures(source, target)] == [Decimal("17000.00"), Decimal("8000.00")]
    moved = BudgetMovement.objects.filter(kind=MovementKind.ADJUST).order_by("pk")
    assert [(m.line_id, m.amount) for m in moved] == [
        (source.pk, Decimal("3000.00")),
        (target.pk, Decimal("3000.00")),
    ]
    assert "印刷费" in moved[0].note and "其他" in moved[1].note
    assert Notification.objects.filter(recipient=people["director"]).exists()


def test_the_requester_never_decides_and_a_large_adjustment_waits_for_the_principal(setup):
    _school, people, source, target = setup
    small = budgeting.adjustment_request(
        actor=people["admin"], from_line=source, to_line=target, amount=Decimal("500"), reason="x"
    )
    with pytest.raises(TransitionRefused) as own:
        budgeting.adjustment_approve(adjustment=small, actor=people["admin"])
    assert own.value.status_code == 403  # the admin may not approve at all
    mine = budgeting.adjustment_request(
        actor=people["director"],
        from_line=source,
        to_line=target,
        amount=Decimal("500"),
        reason="x",
    )
    with pytest.raises(TransitionRefused) as refused:
        budgeting.adjustment_approve(adjustment=mine, actor=people["director"])
    assert refused.value.code == "own_adjustment"
    large = budgeting.adjustment_request(
        actor=people["admin"], from_line=source, to_line=target, amount=Decimal("10000"), reason="x"
    )
    with pytest.raises(TransitionRefused) as tier:
        budgeting.adjustment_approve(adjustment=large, actor=people["director"])
    assert tier.value.code == "not_your_tier"
    budgeting.adjustment_approve(adjustment=small, actor=people["director"])
    budgeting.adjustment_approve(adjustment=large, actor=people["principal"])
    assert [f[0] for f in _figures(source, target)] == [Decimal("9500.00"), Decimal("15500.00")]


def test_an_adjustment_past_what_is_available_is_refused_at_request_and_at_approval(setup):
    _school, people, source, target = setup
    _commit(source, people, "15000")
    with pytest.raises(ValidationError) as refused:
        budgeting.adjustment_request(
            actor=people["director"],
            from_line=source,
            to_line=target,
            amount=Decimal("5000.01"),
            reason="x",
        )
    assert "5000.00" in str(refused.value)
    pending = budgeting.adjustment_request(
        actor=people["director"],
        from_line=source,
        to_line=target,
        amount=Decimal("4000"),
        reason="x",
    )
    _commit(source, people, "2000")  # meanwhile the line's money is committed
    before = _figures(source, target)
    with pytest.raises(ValidationError):
        budgeting.adjustment_approve(adjustment=pending, actor=people["principal"])
    assert _figures(source, target) == before
    pending.refresh_from_db()
    assert pending.status == AdjustmentStatus.PENDING
    assert not BudgetMovement.objects.filter(kind=MovementKind.ADJUST).exists()


@pytest.mark.parametrize(
    ("amount", "code"),
    [("-1", "bad_amount"), ("0", "bad_amount"), ("10.005", "decimals")],
)
def test_bad_amounts_are_refused_and_nothing_is_saved(setup, amount, code):
    _school, people, source, target = setup
    with pytest.raises(ValidationError) as refused:
        budgeting.adjustment_request(
            actor=people["director"],
            from_line=source,
            to_line=target,
            amount=Decimal(amount),
            reason="x",
        )
    assert refused.value.error_dict["amount"][0].code == code
    assert not BudgetAdjustment.objects.exists()


def test_another_schools_line_a_closed_year_or_two_years_are_refused(setup):
    school, people, source, target = setup
    foreign = line_of(SchoolFactory(), amount="9000")
    with pytest.raises(ValidationError) as other:
        budgeting.adjustment_request(
            actor=people["director"],
            from_line=foreign,
            to_line=target,
            amount=Decimal("1"),
            reason="x",
        )
    assert other.value.code == "other_line"
    later = line_of(school, amount="9000", year=2031)
    with pytest.raises(ValidationError) as two:
        budgeting.adjustment_request(
            actor=people["director"],
            from_line=source,
            to_line=later,
            amount=Decimal("1"),
            reason="x",
        )
    assert two.value.error_dict["to_line"][0].code == "two_years"
    budgeting.year_close(year=source.budget_year, actor=people["director"])
    source.refresh_from_db()
    with pytest.raises(ValidationError) as closed:
        budgeting.adjustment_request(
            actor=people["director"],
            from_line=source,
            to_line=target,
            amount=Decimal("1"),
            reason="x",
        )
    assert closed.value.code == "closed_year"
    assert not BudgetAdjustment.objects.exists()


def test_a_closed_year_refuses_commitments_and_edits_and_reopens(setup):
    _school, people, source, _target = setup
    year = budgeting.year_close(year=source.budget_year, actor=people["director"])
    assert year.status == YearStatus.CLOSED and year.closed_at is not None
    with pytest.raises(ValidationError) as commit:
        _commit(source, people, "10")
    assert commit.value.code == "closed_year"
    source.refresh_from_db()
    source.amount = Decimal("1")
    with pytest.raises(ValidationError) as edit:
        budgeting.line_save(line=source)
    assert edit.value.code == "closed_year"
    budgeting.year_reopen(year=year, actor=people["director"])
    _commit(source, people, "10")
    assert _figures(source)[0][1] == Decimal("10.00")


def test_a_stop_lines_amount_cannot_fall_below_committed_plus_spent(setup):
    _school, people, source, _target = setup
    _commit(source, people, "12000")
    source = BudgetLine.objects.get(pk=source.pk)
    source.amount = Decimal("11999.99")
    with pytest.raises(ValidationError) as refused:
        budgeting.line_save(line=source)
    assert "12000" in " ".join(refused.value.message_dict["amount"])
    assert _figures(source)[0][0] == Decimal("20000.00")
    source.amount = Decimal("12000")
    budgeting.line_save(line=source)
    # A warn line may be budgeted below what it has taken; back to stop is then refused.
    source.control, source.amount = BudgetControl.WARN, Decimal("100")
    budgeting.line_save(line=source)
    source.control = BudgetControl.STOP
    with pytest.raises(ValidationError):
        budgeting.line_save(line=source)


def test_line_save_keeps_the_locked_committed_and_spent(setup):
    _school, people, source, _target = setup
    stale = BudgetLine.objects.get(pk=source.pk)
    _commit(source, people, "700")
    stale.name = "其他支出"
    budgeting.line_save(line=stale)
    assert _figures(source)[0] == (Decimal("20000.00"), Decimal("700.00"), Decimal("0.00"))


def test_two_lines_of_a_year_never_share_a_name(setup):
    _school, _people, source, target = setup
    target.name = source.name
    with pytest.raises(ValidationError) as refused:
        budgeting.line_save(line=target)
    assert refused.value.error_dict["name"][0].code == "duplicate_name"
    assert BudgetLine.objects.get(pk=target.pk).name == "印刷费"
