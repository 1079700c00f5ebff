"""The monthly meal-cost disclosure's workflow (伙食费公开: draft → submitted → published),
declared once: the service runs it, the disclosure's page and the API's actions are built from it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from canteen.models import CostDisclosure
from canteen.models.acceptance import DisclosureStatus
from core.workflow import Guard, Transition, Workflow

NOT_THE_DRAFTER = Guard(
    lambda user, row: row.drafted_by_id != user.pk,
    _("You drafted this disclosure; another person must approve it."),
    code="own_draft",
)

DISCLOSURE_WORKFLOW = Workflow(
    model=CostDisclosure,
    describe=lambda row: f"{row.month:%Y-%m}",
    transitions=[
        Transition(
            "submit",
            frozenset({DisclosureStatus.DRAFT}),
            DisclosureStatus.SUBMITTED,
            "submit",
            "disclosure_submitted",
            _("Submit to the principal"),
            _("Submitted to the principal"),
        ),
        Transition(
            "approve",
            frozenset({DisclosureStatus.SUBMITTED}),
            DisclosureStatus.PUBLISHED,
            "approve",
            "disclosure_published",
            _("Approve and publish"),
            _("Approved and published"),
            guards=(NOT_THE_DRAFTER,),
        ),
        Transition(
            "send_back",
            frozenset({DisclosureStatus.SUBMITTED}),
            DisclosureStatus.DRAFT,
            "approve",
            "disclosure_returned",
            _("Return for correction"),
            _("Returned for correction"),
        ),
    ],
)
