"""How purchase requests are set up for the tests generated from finance.workflow (the steps of
the requests part: submit, approve, reject, return, cancel; order, accept and pay are the
purchasing and delivery parts')."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from finance.choices import ApprovalLevel, Decision, RequestStatus
from finance.models import Approval, PurchaseRequest
from finance.workflow import PURCHASE_WORKFLOW
from tests.finance.factories import line_of, office, request_of
from tests.workflow_cases import Scenario

CREWS: dict[int, dict] = {}
OWN_STEPS = ("submit", "approve", "reject", "send_back", "cancel")
SUBMITTED = {
    RequestStatus.PENDING,
    RequestStatus.APPROVED,
    RequestStatus.ORDERED,
    RequestStatus.ACCEPTED,
    RequestStatus.PAID,
    RequestStatus.REJECTED,
}


@dataclass
class RequestScenario(Scenario):
    def steps(self):
        return [t for t in super().steps() if t.name in OWN_STEPS]


def build(school, status: str) -> PurchaseRequest:
    crew = office(school)
    line = line_of(school, amount="50000")
    row = request_of(school, requester=crew["teacher"], line=line, items=[("投影仪", "1", "3500")])
    fields: dict = {"status": status}
    if status in SUBMITTED:
        fields.update(levels=[ApprovalLevel.HEAD, ApprovalLevel.DIRECTOR], round=1)
    if status == RequestStatus.PENDING:
        fields["level"] = ApprovalLevel.HEAD
    PurchaseRequest.objects.filter(pk=row.pk).update(**fields)
    CREWS[row.pk] = crew
    return PurchaseRequest.objects.get(pk=row.pk)


def actor(row, step):
    crew = CREWS[row.pk]
    return crew["teacher"] if step.name in ("submit", "cancel") else crew["head"]


def body(row, step) -> dict:
    return {"note": "同意" if step.name == "approve" else "请补充型号和报价"}


def html(row, step, data: dict) -> tuple[str, dict]:
    return reverse("finance:purchaserequest_step", args=[row.pk, step.html_slug]), dict(data)


def _requester_as_head(row, step):
    """The head of the department made the request: they may not decide on it."""
    head = CREWS[row.pk]["head"]
    PurchaseRequest.objects.filter(pk=row.pk).update(requested_by=head)
    return head


def _approved_the_head_tier(row, step):
    """The director also took the head's tier of this round: not the director's tier too."""
    director = CREWS[row.pk]["director"]
    Approval.objects.create(
        school=row.school,
        request=row,
        round=row.round,
        level=ApprovalLevel.HEAD,
        decision=Decision.APPROVED,
        approver=director,
        requester=row.requested_by,
    )
    PurchaseRequest.objects.filter(pk=row.pk).update(level=ApprovalLevel.DIRECTOR)
    return director


SCENARIO = RequestScenario(
    name="purchase-requests",
    workflow=PURCHASE_WORKFLOW,
    api_base="/api/v1/finance/requests/",
    build=build,
    actor=actor,
    body=body,
    html=html,
    breakers={
        "own_request": _requester_as_head,
        "not_your_turn": lambda row, step: CREWS[row.pk]["director"],
        "second_tier": _approved_the_head_tier,
        "not_requester": lambda row, step: CREWS[row.pk]["head"],
    },
)
