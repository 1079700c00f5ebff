"""The same token submitted 20 times at once (PostgreSQL row locks): one response, every other
submission refused with 409; sending twice at once makes one set of invitations."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from planning.models import QuestionKind, SurveyInvitation, SurveyResponse
from tests.conftest import require_service
from tests.planning.factories_surveys import draft, sent, staff, token_for
from tests.workflow_cases import burst

pytestmark = pytest.mark.django_db(transaction=True)
TIMES = 20


@pytest.fixture(autouse=True)
def postgres_only():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        require_service("row locks under concurrent requests need PostgreSQL (set DATABASE_URL)")


def test_one_token_posted_20_times_at_once_is_one_response(school):
    people = staff(school, teachers=1)
    survey = sent(people["director"])
    teacher = people["teachers"][0]
    token = token_for(survey, teacher)
    data = {
        f"q{q.pk}": "4" if q.kind == QuestionKind.SCALE else "好" for q in survey.questions.all()
    }

    def post(_i):
        client = Client()
        client.force_login(teacher)
        return client.post(f"/planning/surveys/answer/{token}/", data).status_code

    codes = burst(TIMES, post)
    assert sorted(set(codes)) == [200, 409] and codes.count(200) == 1, codes
    assert SurveyResponse.objects.filter(survey=survey).count() == 1


def test_sending_twice_at_once_invites_each_person_once(school):
    people = staff(school, teachers=3)
    survey = draft(people["director"])

    def post(_i):
        client = Client()
        client.force_login(people["director"])
        return client.post(f"/planning/surveys/{survey.pk}/send/").status_code

    codes = burst(5, post)
    assert codes.count(302) == 1 and set(codes) <= {302, 409}, codes
    assert SurveyInvitation.objects.filter(survey=survey).count() == 4
