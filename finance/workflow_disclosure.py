"""The monthly expenditure disclosure's steps (财务公开: draft → submitted → published), declared
once: finance.services.disclosure runs them; its page and the API's actions are built from them.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.workflow import Guard, Transition, Workflow
from finance.choices import DisclosureStatus
from finance.models import ExpenditureDisclosure

NOT_THE_DRAFTER = Guard(
    lambda user, row: row.drafted_by_id != user.pk,
    _("You drafted this expenditure disclosure; another person must approve it."),
    code="own_draft",
)

DISCLOSURE_WORKFLOW = Workflow(
    model=ExpenditureDisclosure,
    describe=lambda row: f"{row.month:%Y-%m}",
    transitions=[
        Transition(
            "submit",
            frozenset({DisclosureStatus.DRAFT}),
            DisclosureStatus.SUBMITTED,
            "submit",
            "expenditure_disclosure_submitted",
            _("Submit to the principal"),
            _("Submitted to the principal"),
        ),
        Transition(
            "approve",
            frozenset({DisclosureStatus.SUBMITTED}),
            DisclosureStatus.PUBLISHED,
            "approve",
            "expenditure_disclosure_published",
            _("Approve and publish"),
            _("Approved and published"),
            guards=(NOT_THE_DRAFTER,),
        ),
        Transition(
            "send_back",
            frozenset({DisclosureStatus.SUBMITTED}),
            DisclosureStatus.DRAFT,
            "approve",
            "expenditure_disclosure_returned",
            _("Return for correction"),
            _("Returned for correction"),
            slug="return",
        ),
    ],
)
