"""Purchase requests through their services: drafts, submission, the tiers, the budget
commitment at the last approval, returns and new rounds, and every refusal (nothing saved)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.choices import Role
from core.workflow import TransitionRefused
from finance.choices import (
    ApprovalLevel,
    BudgetControl,
    Decision,
    ProcurementMethod,
    RequestStatus,
    YearStatus,
)
from finance.models import Approval, BudgetLine, BudgetMovement, PurchaseRequest
from finance.services import requests as services
from tests.factories import SchoolFactory, UserFactory
from tests.finance.factories import line_of, office, year_of
from tests.finance.factories_requests import approved_through, draft, items, submitted

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def minutes() -> SimpleUploadedFile:
    return SimpleUploadedFile("会议纪要.pdf", PDF, content_type="application/pdf")


@pytest.fixture
def crew(school):
    people = office(school)
    people["line"] = line_of(school, amount="100000")
    return people


def line_state(line: BudgetLine) -> tuple:
    fresh = BudgetLine.objects.get(pk=line.pk)
    return fresh.committed, fresh.spent, BudgetMovement.objects.filter(line=line).count()


def test_a_draft_computes_its_amount_in_decimal_and_numbers_itself(crew):
    request = draft(
        crew["teacher"], crew["line"], ("白板笔", "3", "1.10"), ("A4纸", "2.5", "23.33")
    )
    assert request.amount == Decimal("3.30") + Decimal("58.33")  # 58.325 rounds half up
    assert request.status == RequestStatus.DRAFT
    assert request.number.startswith(f"CG-{timezone.localdate():%Y%m%d}-")
    assert [i.amount for i in request.items.all()] == [Decimal("3.30"), Decimal("58.33")]
    assert request.department == crew["teacher"].department
    second = draft(crew["teacher"], crew["line"])
    assert int(second.number[-4:]) == int(request.number[-4:]) + 1


@pytest.mark.parametrize(
    ("quantity", "price", "expected"),
    [
        ("0", "5", "数量必须大于 0"),
        ("-1", "5", "数量必须大于 0"),
        ("1", "0", "单价必须大于 0"),
        ("1", "-3", "单价必须大于 0"),
        ("1", "5.123", "单价最多保留两位小数（到分）"),
        ("1.001", "5", "数量最多保留两位小数"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_saved(crew, quantity, price, expected):
    before = PurchaseRequest.objects.count()
    with pytest.raises(ValidationError) as refused:
        draft(crew["teacher"], crew["line"], ("白板笔", quantity, price))
    assert expected in refused.value.message_dict["items"][0]
    assert "第 1 项（白板笔）" in refused.value.message_dict["items"][0]
    assert PurchaseRequest.objects.count() == before


def test_another_schools_line_and_a_closed_year_are_refused(crew, other_school):
    theirs = line_of(other_school)
    with pytest.raises(ValidationError) as refused:
        draft(crew["teacher"], theirs)
    assert refused.value.message_dict["budget_line"] == ["该预算项目不属于本校。"]
    closed = line_of(crew["teacher"].school, year=2020)
    year_of(crew["teacher"].school, 2020).__class__.objects.filter(year=2020).update(
        status=YearStatus.CLOSED
    )
    with pytest.raises(ValidationError) as refused:
        draft(crew["teacher"], closed)
    assert "2020" in refused.value.message_dict["budget_line"][0]
    assert PurchaseRequest.objects.count() == 0


def test_a_district_viewer_cannot_request(school):
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    with pytest.raises(PermissionDenied):
        draft(viewer, None)


def test_submitting_freezes_the_tiers_round_and_method(crew):
    request = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    assert request.status == RequestStatus.PENDING
    assert request.levels == [ApprovalLevel.HEAD, ApprovalLevel.DIRECTOR]
    assert request.level == ApprovalLevel.HEAD
    assert request.round == 1
    assert request.submitted_at is not None
    assert request.method == ProcurementMethod.QUOTES
    assert request.needs_public_procurement is False
    with pytest.raises(TransitionRefused) as frozen:
        services.request_update(
            request=request,
            actor=crew["teacher"],
            data=services.RequestInput(
                title="x", reason="y", budget_line_id=crew["line"].pk, items=items(("a", "1", "1"))
            ),
        )
    assert frozen.value.status_code == 409


def test_a_large_request_is_marked_for_public_procurement(crew):
    line = line_of(crew["teacher"].school, amount="900000", control=BudgetControl.WARN)
    request = submitted(crew["teacher"], line, ("空调", "10", "25000"))
    assert request.method == ProcurementMethod.PUBLIC
    assert request.needs_public_procurement is True


def test_submit_refuses_no_items_and_a_zero_line(crew):
    empty = services.request_create(
        actor=crew["teacher"],
        data=services.RequestInput(
            title="空", reason="教学需要", budget_line_id=crew["line"].pk, items=[]
        ),
    )
    with pytest.raises(ValidationError) as refused:
        services.request_submit(request=empty, actor=crew["teacher"])
    assert "提交前请至少添加一项物品。" in refused.value.messages
    assert PurchaseRequest.objects.get(pk=empty.pk).status == RequestStatus.DRAFT
    zero = line_of(crew["teacher"].school, amount="0")
    request = draft(crew["teacher"], None)
    PurchaseRequest.objects.filter(pk=request.pk).update(budget_line=zero)
    with pytest.raises(ValidationError) as refused:
        services.request_submit(request=request, actor=crew["teacher"])
    assert "预算为 0 元" in refused.value.messages[0]
    nothing = draft(crew["teacher"], None)
    with pytest.raises(ValidationError) as refused:
        services.request_submit(request=nothing, actor=crew["teacher"])
    assert refused.value.messages == ["请选择支付这笔采购的预算项目。"]


def test_the_chain_head_then_director_commits_at_the_last_tier(crew):
    line = crew["line"]
    request = submitted(crew["teacher"], line, ("投影仪", "1", "3500"))
    request = services.request_approve(request=request, actor=crew["head"], note="同意")
    assert (request.status, request.level) == (RequestStatus.PENDING, ApprovalLevel.DIRECTOR)
    assert line_state(line)[0] == Decimal("0")
    request = services.request_approve(request=request, actor=crew["director"])
    assert request.status == RequestStatus.APPROVED
    assert request.approved_at is not None and request.level == ""
    assert request.committed == Decimal("3500.00")
    assert line_state(line) == (Decimal("3500.00"), Decimal("0.00"), 1)
    decisions = list(Approval.objects.filter(request=request).values_list("level", "approver"))
    assert decisions == [
        (ApprovalLevel.HEAD, crew["head"].pk),
        (ApprovalLevel.DIRECTOR, crew["director"].pk),
    ]


def test_a_stop_line_refuses_the_last_approval_and_saves_nothing(crew):
    line = line_of(crew["teacher"].school, amount="3000")
    request = submitted(crew["teacher"], line, ("投影仪", "1", "3500"))
    request = services.request_approve(request=request, actor=crew["head"])
    with pytest.raises(ValidationError) as refused:
        services.request_approve(request=request, actor=crew["director"])
    assert "可用余额为 3000.00 元，申请金额为 3500.00 元" in refused.value.messages[0]
    fresh = PurchaseRequest.objects.get(pk=request.pk)
    assert (fresh.status, fresh.level) == (RequestStatus.PENDING, ApprovalLevel.DIRECTOR)
    assert Approval.objects.filter(request=request).count() == 1  # the head's only
    assert line_state(line) == (Decimal("0.00"), Decimal("0.00"), 0)


def test_a_warn_line_takes_it_and_says_so(crew):
    line = line_of(crew["teacher"].school, amount="3000", control=BudgetControl.WARN)
    request = submitted(crew["teacher"], line, ("投影仪", "1", "3500"))
    request = approved_through(request, crew["head"], crew["director"])
    assert request.status == RequestStatus.APPROVED
    assert "可用余额为 3000.00 元" in request.budget_warning


def test_out_of_order_and_twice_are_refused(crew):
    request = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    with pytest.raises(TransitionRefused) as early:
        services.request_approve(request=request, actor=crew["director"])
    assert early.value.code == "not_your_turn"
    with pytest.raises(TransitionRefused) as own:
        services.request_approve(request=request, actor=crew["teacher"])
    assert own.value.code == "own_request"
    request = services.request_approve(request=request, actor=crew["head"])
    with pytest.raises(TransitionRefused) as twice:
        services.request_approve(request=request, actor=crew["head"])
    assert twice.value.status_code == 403
    request = services.request_approve(request=request, actor=crew["director"])
    committed = line_state(crew["line"])
    with pytest.raises(TransitionRefused) as again:
        services.request_approve(request=request, actor=crew["director"])
    assert again.value.status_code == 409
    assert line_state(crew["line"]) == committed


def test_one_person_never_approves_two_tiers(crew):
    both = UserFactory(school=crew["teacher"].school, roles=[Role.TEACHER, Role.DIRECTOR])
    department = crew["teacher"].department
    department.head = both
    department.save()
    request = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    request = services.request_approve(request=request, actor=both)
    with pytest.raises(TransitionRefused) as refused:
        services.request_approve(request=request, actor=both)
    assert refused.value.code == "second_tier"
    request = services.request_approve(request=request, actor=crew["director"])
    assert request.status == RequestStatus.APPROVED


def test_the_database_refuses_approvals_that_break_separation_of_duties(crew):
    request = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    base = {
        "school": request.school,
        "request": request,
        "round": 1,
        "decision": Decision.APPROVED,
        "requester": crew["teacher"],
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(level=ApprovalLevel.HEAD, approver=crew["teacher"], **base)
    Approval.objects.create(level=ApprovalLevel.HEAD, approver=crew["head"], **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(level=ApprovalLevel.DIRECTOR, approver=crew["head"], **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(level=ApprovalLevel.HEAD, approver=crew["director"], **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Approval.objects.create(level=ApprovalLevel.COLLECTIVE, approver=crew["principal"], **base)


def test_the_collective_tier_needs_its_meeting(crew):
    line = line_of(crew["teacher"].school, amount="200000")
    principal = crew["principal"]
    request = submitted(crew["teacher"], line, ("录播系统", "1", "60000"))
    # The meeting's decision takes the principal's tier: a school's one principal records it.
    assert request.levels == [ApprovalLevel.HEAD, ApprovalLevel.DIRECTOR, ApprovalLevel.COLLECTIVE]
    request = approved_through(request, crew["head"], crew["director"])
    assert request.level == ApprovalLevel.COLLECTIVE
    with pytest.raises(ValidationError) as refused:
        services.request_approve(request=request, actor=principal)
    assert set(refused.value.message_dict) == {"meeting_date", "attendees", "minutes"}
    assert PurchaseRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING
    meeting = services.Meeting(
        date=timezone.localdate() - dt.timedelta(days=1),
        attendees="校长、副校长、总务主任、工会主席",
        minutes=minutes(),
    )
    request = services.request_approve(request=request, actor=principal, meeting=meeting)
    assert request.status == RequestStatus.APPROVED
    decision = Approval.objects.get(request=request, level=ApprovalLevel.COLLECTIVE)
    assert decision.minutes and decision.attendees.startswith("校长")


def test_returning_starts_a_new_round_and_reject_needs_a_comment(crew):
    request = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    request = services.request_approve(request=request, actor=crew["head"])
    with pytest.raises(ValidationError):
        services.request_return(request=request, actor=crew["director"], note=" ")
    request = services.request_return(request=request, actor=crew["director"], note="请补充型号")
    assert (request.status, request.level) == (RequestStatus.DRAFT, "")
    request = services.request_update(
        request=request,
        actor=crew["teacher"],
        data=services.RequestInput(
            title="投影仪",
            reason="教室更换",
            budget_line_id=crew["line"].pk,
            items=items(("投影仪 EB-X51", "1", "3200")),
        ),
    )
    request = services.request_submit(request=request, actor=crew["teacher"])
    assert (request.round, request.level, request.amount) == (
        2,
        ApprovalLevel.HEAD,
        Decimal("3200.00"),
    )
    request = approved_through(request, crew["head"], crew["director"])  # the head again: round 2
    assert request.status == RequestStatus.APPROVED
    with pytest.raises(TransitionRefused):
        services.request_reject(request=request, actor=crew["director"], note="不需要")


def test_reject_and_cancel(crew):
    request = submitted(crew["teacher"], crew["line"])
    with pytest.raises(ValidationError):
        services.request_reject(request=request, actor=crew["head"])
    request = services.request_reject(request=request, actor=crew["head"], note="不在预算内")
    assert request.status == RequestStatus.REJECTED
    other = submitted(crew["teacher"], crew["line"])
    with pytest.raises(TransitionRefused):
        services.request_cancel(request=other, actor=crew["head"])
    other = services.request_cancel(request=other, actor=crew["teacher"])
    assert other.status == RequestStatus.CANCELLED
    assert line_state(crew["line"])[0] == Decimal("0")


def test_waiting_for_lists_exactly_what_the_person_may_approve(crew):
    mine = submitted(crew["teacher"], crew["line"], ("投影仪", "1", "3500"))
    small = submitted(crew["teacher"], crew["line"])
    waiting = PurchaseRequest.objects.filter(services.waiting_for(crew["head"]))
    assert set(waiting) == {mine, small}
    assert not PurchaseRequest.objects.filter(services.waiting_for(crew["director"])).exists()
    services.request_approve(request=mine, actor=crew["head"])
    assert list(PurchaseRequest.objects.filter(services.waiting_for(crew["director"]))) == [mine]
    assert list(PurchaseRequest.objects.filter(services.waiting_for(crew["head"]))) == [small]
    stranger = office(SchoolFactory())["director"]
    assert mine not in PurchaseRequest.objects.filter(services.waiting_for(stranger)).filter(
        school=stranger.school
    )
