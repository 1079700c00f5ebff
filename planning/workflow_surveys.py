"""A survey's steps (draft → open → closed), declared once: the services run them, the survey
page's buttons come from them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.workflow import Transition, Workflow
from planning.models.surveys import Survey, SurveyStatus

SURVEY_WORKFLOW = Workflow(
    model=Survey,
    describe=lambda survey: survey.title,
    transitions=[
        Transition(
            "send",
            frozenset({SurveyStatus.DRAFT}),
            SurveyStatus.OPEN,
            "send",
            "survey_sent",
            _("Send the survey"),
            _("Survey sent"),
        ),
        Transition(
            "close",
            frozenset({SurveyStatus.OPEN}),
            SurveyStatus.CLOSED,
            "close",
            "survey_closed",
            _("Close the survey"),
            _("Survey closed"),
        ),
    ],
)
