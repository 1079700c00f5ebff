"""The purchase request's chain (请购 → 审批 → 询价/订购 → 验收 → 报销), declared once: the
services run it, the request's page shows its buttons and the API's actions are built from it.

The approval steps start from "awaiting approval" and leave the status to the service: an approval
moves the request to its next tier (finance.approvals) or, at the last tier, to "approved" with its
amount committed to the budget line. Acceptance and payment may be taken several times (partial
deliveries, several payments); the service moves the status when the order is complete.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.workflow import Guard, Transition, Workflow
from finance import approvals
from finance.choices import RequestStatus as S
from finance.models import PurchaseRequest
from finance.models.common import REQUEST_MANAGERS

NOT_THE_REQUESTER = Guard(
    lambda user, row: row.requested_by_id != user.pk,
    _("You made this request; someone else must decide on it."),
    code="own_request",
)
THEIR_TURN = Guard(
    lambda user, row: approvals.is_turn_of(user, row),
    lambda row: (
        _("This request is waiting for the %(tier)s, not for you.")
        % {"tier": row.get_level_display()}
    ),
    code="not_your_turn",
)
NOT_TWO_TIERS = Guard(
    lambda user, row: not approvals.approved_this_round(user, row),
    _("You have approved another tier of this request; another person must approve this one."),
    code="second_tier",
)
REQUESTER_OR_OFFICE = Guard(
    lambda user, row: row.requested_by_id == user.pk or bool(user.role_codes & REQUEST_MANAGERS),
    _("Only the requester or the general-affairs office can do this."),
    code="not_requester",
)
NOT_AN_APPROVER = Guard(
    lambda user, row: user.pk not in approvals.approved_by(row),
    _("You approved this request; another person must pay it."),
    code="approver_pays",
)

PURCHASE_WORKFLOW = Workflow(
    model=PurchaseRequest,
    describe=lambda row: row.number,
    transitions=[
        Transition(
            "submit",
            frozenset({S.DRAFT}),
            S.PENDING,
            "submit",
            "purchase_submitted",
            _("Submit for approval"),
            _("Submitted for approval"),
            guards=(REQUESTER_OR_OFFICE,),
        ),
        Transition(
            "approve",
            frozenset({S.PENDING}),
            None,  # the next tier, or "approved" at the last one (the service sets it)
            "approve",
            "purchase_approved",
            _("Approve"),
            _("Approved"),
            guards=(NOT_THE_REQUESTER, THEIR_TURN, NOT_TWO_TIERS),
        ),
        Transition(
            "reject",
            frozenset({S.PENDING}),
            S.REJECTED,
            "approve",
            "purchase_rejected",
            _("Reject"),
            _("Rejected"),
            guards=(NOT_THE_REQUESTER, THEIR_TURN),
        ),
        Transition(
            "send_back",
            frozenset({S.PENDING}),
            S.DRAFT,
            "approve",
            "purchase_returned",
            _("Return for changes"),
            _("Returned for changes"),
            guards=(NOT_THE_REQUESTER, THEIR_TURN),
            path="return",
            slug="return",
        ),
        Transition(
            "cancel",
            frozenset({S.DRAFT, S.PENDING}),
            S.CANCELLED,
            "submit",
            "purchase_cancelled",
            _("Cancel the request"),
            _("Cancelled"),
            guards=(REQUESTER_OR_OFFICE,),
        ),
        Transition(
            "order",
            frozenset({S.APPROVED}),
            S.ORDERED,
            "purchase",
            "purchase_ordered",
            _("Place the order"),
            _("Ordered"),
        ),
        Transition(
            "accept",
            frozenset({S.ORDERED}),
            None,  # "accepted" once every item is received in full
            "accept",
            "purchase_accepted",
            _("Record an acceptance"),
            _("Goods accepted"),
            guards=(NOT_THE_REQUESTER,),
            repeatable=True,
        ),
        Transition(
            "pay",
            frozenset({S.ACCEPTED}),
            None,  # "paid" once the accepted amount is paid
            "pay",
            "purchase_paid",
            _("Record a payment"),
            _("Payment recorded"),
            guards=(NOT_AN_APPROVER,),
            repeatable=True,
        ),
    ],
)
