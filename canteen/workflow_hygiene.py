"""The 陪餐 problem's workflow (open → dealt with), declared once: the service runs it, the detail
page's button and the API action are built from it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from canteen.models import AccompaniedMeal
from canteen.models.hygiene import ProblemStatus
from core.workflow import Transition, Workflow

MEAL_WORKFLOW = Workflow(
    model=AccompaniedMeal,
    describe=lambda meal: str(meal),
    transitions=[
        Transition(
            "resolve",
            frozenset({ProblemStatus.OPEN}),
            ProblemStatus.RESOLVED,
            "resolve",
            "meal_problem_resolved",
            _("Record how it was dealt with"),
            _("Problem dealt with"),
        ),
    ],
)
