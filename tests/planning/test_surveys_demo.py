"""The demo school's surveys: last term's closed survey shows results; seeding twice adds nothing."""

from __future__ import annotations

import pytest

from core.demo import seed_demo_school
from core.models import Notification
from planning.models import Survey, SurveyResponse, SurveyStatus
from planning.selectors_surveys import survey_results

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_survey_with_results_and_a_draft():
    school = seed_demo_school()
    seed_demo_school()
    surveys = list(Survey.objects.filter(school=school).select_related("term"))
    assert sorted(s.status for s in surveys) == [SurveyStatus.CLOSED, SurveyStatus.DRAFT]
    closed = next(s for s in surveys if s.status == SurveyStatus.CLOSED)
    result = survey_results(closed)
    assert result.shown and result.responded >= 5 and result.response_rate == 100
    assert result.satisfied is not None and result.questions[-1].texts
    assert SurveyResponse.objects.filter(survey=closed).count() == result.responded
    assert not Notification.objects.filter(title__contains="问卷").exists()
