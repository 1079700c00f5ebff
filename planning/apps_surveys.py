"""The surveys part's registrations, called from PlanningConfig.ready()."""

from __future__ import annotations


def ready() -> None:
    from core import audit
    from planning.models import Survey, SurveyInvitation, SurveyQuestion, SurveyResults
    from planning.workflow_surveys import SURVEY_WORKFLOW  # noqa: F401  (its event labels)

    # SurveyResponse and SurveyAnswer are deliberately NOT audited: a log entry keeps the actor
    # and the exact time, which would tie a person to their answers. They are not
    # SchoolScopedModel, so core's check does not ask for it. Invitations are written by
    # bulk_create / update only (no log entry of who answered when).
    audit.register(Survey, SurveyResults, SurveyQuestion, SurveyInvitation)
