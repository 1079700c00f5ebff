"""Every role against the survey pages and API: who drafts and sends, who reads the results,
that nobody reads a response or an answer row, another school's survey is a 404."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core import access
from core.choices import Role
from planning.models import SurveyAnswer, SurveyInvitation, SurveyResponse
from tests.access_matrix import ALL_ROLES
from tests.factories import SchoolFactory, UserFactory
from tests.planning.factories_surveys import answer, draft, sent, staff

pytestmark = pytest.mark.django_db

WRITERS = {Role.DIRECTOR, Role.PRINCIPAL}
RESULT_READERS = {Role.LOGISTICS, Role.DIRECTOR, Role.PRINCIPAL, Role.ADMIN, Role.DISTRICT}
# Who sees a draft (everyone of the school sees the surveys that were sent).
DRAFT_READERS = RESULT_READERS


@pytest.fixture
def surveys(school):
    people = staff(school)
    survey = sent(people["director"])
    for teacher in people["teachers"][:5]:
        answer(survey, teacher, score=4)
    other_people = staff(SchoolFactory(), teachers=1)
    other = draft(other_people["director"])
    return survey, draft(people["director"], title="草稿", term=None), other


def _user(role, school):
    if role == Role.DISTRICT:
        viewer = UserFactory(school=None, roles=[role])
        viewer.district_schools.add(school)
        return viewer
    return UserFactory(school=school, roles=[role])


def _outcome(client: Client, api: APIClient, survey, a_draft, other) -> dict:
    return {
        "list": client.get("/planning/surveys/").status_code,
        "detail": client.get(f"/planning/surveys/{survey.pk}/").status_code,
        "draft": client.get(f"/planning/surveys/{a_draft.pk}/").status_code,
        "add": client.get("/planning/surveys/add/").status_code,
        "edit draft": client.get(f"/planning/surveys/{a_draft.pk}/edit/").status_code,
        "results": client.get(f"/planning/surveys/{survey.pk}/results/").status_code,
        "export": client.get(f"/planning/surveys/{survey.pk}/results/?export=xlsx").status_code,
        "other school": client.get(f"/planning/surveys/{other.pk}/").status_code,
        "api list": api.get("/api/v1/planning/surveys/").status_code,
        "api results": api.get(f"/api/v1/planning/surveys/{survey.pk}/results/").status_code,
        "api other": api.get(f"/api/v1/planning/surveys/{other.pk}/results/").status_code,
        "api write": api.post("/api/v1/planning/surveys/", {}, format="json").status_code,
    }


def _expected(role: str) -> dict:
    reads_results = role in RESULT_READERS
    writes = role in WRITERS
    return {
        "list": 200,
        "detail": 200,
        "draft": 200 if role in DRAFT_READERS else 404,
        "add": 200 if writes else 403,
        "edit draft": 200 if writes else 403,
        "results": 200 if reads_results else 403,
        "export": 200 if reads_results else 403,
        "other school": 404,
        "api list": 200,
        "api results": 200 if reads_results else 403,
        "api other": 404 if reads_results else 403,
        "api write": 405 if writes else 403,  # read-only for everyone
    }


@pytest.mark.parametrize("role", ALL_ROLES)
def test_each_role_reaches_exactly_its_survey_pages(role, school, surveys):
    survey, a_draft, other = surveys
    user = _user(role, school)
    client, api = Client(), APIClient()
    client.force_login(user)
    api.force_authenticate(user)
    assert _outcome(client, api, survey, a_draft, other) == _expected(role)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_no_role_reads_a_response_an_answer_or_who_answered(role, school, surveys):
    user = _user(role, school)
    assert not access.scope(user, SurveyResponse).exists()
    assert not access.scope(user, SurveyAnswer).exists()
    # Only the person's own invitation (none for this newcomer): nobody lists who answered.
    assert not access.scope(user, SurveyInvitation).exists()
    for action in ("view", "add", "change", "delete"):
        assert not access.can(user, SurveyResponse, action)
        assert not access.can(user, SurveyAnswer, action)


def test_a_person_reads_only_their_own_invitation(school, surveys):
    survey, _draft, _other = surveys
    teacher = SurveyInvitation.objects.filter(survey=survey).first().person
    assert list(access.scope(teacher, SurveyInvitation)) == list(
        SurveyInvitation.objects.filter(person=teacher)
    )


def test_the_api_returns_aggregates_only(school, surveys):
    survey, _draft, _other = surveys
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    api = APIClient()
    api.force_authenticate(director)
    body = api.get(f"/api/v1/planning/surveys/{survey.pk}/results/").json()
    assert body["answered"] == 5 and body["shown"] is True
    assert body["questions"][0]["counts"] == {"5": 0, "4": 5, "3": 0, "2": 0, "1": 0}
    text = body["questions"][-1]
    assert text["shown"] is False and text["texts"] is None  # no text given
    flat = str(body)
    for forbidden in ("person", "token", "submitted", "response_id", "used_on"):
        assert forbidden not in flat
    listed = api.get("/api/v1/planning/surveys/").json()
    rows = listed.get("results", listed)
    assert {"id", "title", "questions", "status"} <= set(rows[0])
    assert api.get("/api/v1/planning/responses/").status_code == 404


def test_the_admin_shows_surveys_but_no_response_answer_or_invitation(school, surveys):
    from django.contrib import admin

    from planning.models import Survey, SurveyQuestion, SurveyResults

    registered = set(admin.site._registry)
    assert Survey in registered
    assert not {SurveyResponse, SurveyAnswer, SurveyInvitation, SurveyQuestion, SurveyResults} & (
        registered
    )
    survey, _draft, _other = surveys
    admin_user = UserFactory(school=school, roles=[Role.ADMIN], is_staff=True)
    client = Client()
    client.force_login(admin_user)
    assert client.get("/admin/planning/survey/").status_code == 200
    page = client.get(f"/admin/planning/survey/{survey.pk}/change/")
    assert page.status_code == 200
    assert client.get("/admin/planning/surveyresponse/").status_code == 404
    assert client.get("/admin/planning/surveyanswer/").status_code == 404
