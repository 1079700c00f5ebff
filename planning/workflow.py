"""The three-year plan's workflow (draft → submitted → approved, or back to draft), declared once:
the services run it, the plan page's buttons and the API's actions are built from it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow
from planning.choices_plans import PlanStatus
from planning.models import Plan

S = PlanStatus

PLAN_WORKFLOW = Workflow(
    model=Plan,
    describe=lambda plan: plan.title,
    transitions=[
        Transition(
            "submit",
            frozenset({S.DRAFT}),
            S.SUBMITTED,
            "submit",
            "plan_submitted",
            _("Submit for approval"),
            _("Submitted for approval"),
        ),
        Transition(
            "approve",
            frozenset({S.SUBMITTED}),
            S.APPROVED,
            "approve",
            "plan_approved",
            _("Approve the plan"),
            _("Plan approved"),
        ),
        Transition(
            "return_to_draft",
            frozenset({S.SUBMITTED}),
            S.DRAFT,
            "approve",
            "plan_returned",
            _("Return to draft"),
            _("Returned to draft"),
            path="return",
            slug="return",
        ),
    ],
)
