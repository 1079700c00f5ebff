"""The disposal request's workflow (报废: pending → approved or rejected), declared once: the
service runs it, the request's page and the API's actions are built from it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from assets.choices import AssetStatus, DisposalStatus
from assets.models import DisposalRequest
from core.workflow import Guard, Transition, Workflow

NOT_LENT = Guard(
    lambda user, request: request.asset.status != AssetStatus.LENT,
    _("This asset is lent out; it must be returned before it can be disposed."),
    code="lent",
    status_code=409,
)

DISPOSAL_WORKFLOW = Workflow(
    model=DisposalRequest,
    describe=lambda request: str(request.asset),
    transitions=[
        Transition(
            "approve",
            frozenset({DisposalStatus.PENDING}),
            DisposalStatus.APPROVED,
            "approve",
            "disposal_approved",
            _("Approve disposal"),
            _("Disposal approved"),
            guards=(NOT_LENT,),
        ),
        Transition(
            "reject",
            frozenset({DisposalStatus.PENDING}),
            DisposalStatus.REJECTED,
            "approve",
            "disposal_rejected",
            _("Reject"),
            _("Disposal rejected"),
        ),
    ],
)
