"""Survey services: drafting, sending, the one-time token and the anonymity of the answers."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.models import Notification, User
from core.workflow import TransitionRefused
from planning import services_surveys as services
from planning.models import (
    QuestionKind,
    ServiceArea,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from tests.factories import SchoolFactory
from tests.planning.factories_surveys import answer, draft, sent, staff, term_now, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(school):
    return staff(school)


def _scores(survey, value: str) -> dict[int, str]:
    return {q.pk: value if q.kind == QuestionKind.SCALE else "" for q in survey.questions.all()}


# ---- drafting ----
def test_a_new_survey_starts_with_the_standard_questions_about_the_offices_services(people):
    survey = draft(people["director"])
    areas = list(survey.questions.values_list("area", flat=True))
    assert areas[:5] == ["repairs", "canteen", "cleaning", "safety", "procurement"]
    assert survey.questions.filter(kind=QuestionKind.TEXT, required=False).count() == 1
    assert survey.status == SurveyStatus.DRAFT


def test_one_survey_per_term_and_only_terms_of_the_own_school(people):
    term = term_now(people["director"].school)
    draft(people["director"], term)
    with pytest.raises(ValidationError) as again:
        draft(people["director"], term, title="又一份")
    assert again.value.message_dict == {"term": ["本学期已有满意度调查。"]}
    other_term = term_now(SchoolFactory())
    with pytest.raises(ValidationError):
        draft(people["director"], other_term)
    assert Survey.objects.count() == 1


def test_the_questions_of_a_sent_survey_cannot_be_changed(people):
    survey = sent(people["director"])
    count = survey.questions.count()
    with pytest.raises(TransitionRefused) as refused:
        services.question_add(
            survey=survey,
            actor=people["director"],
            text="新问题",
            kind=QuestionKind.SCALE,
            area=ServiceArea.GENERAL,
        )
    assert refused.value.status_code == 409
    with pytest.raises(TransitionRefused):
        services.question_remove(question=survey.questions.first(), actor=people["director"])
    with pytest.raises(TransitionRefused):
        services.survey_update(survey=survey, actor=people["director"], title="改名")
    survey.refresh_from_db()
    assert survey.questions.count() == count and survey.title == "后勤服务满意度调查"


# ---- sending ----
def test_sending_invites_the_staff_but_not_the_office_and_tells_each_of_them(people):
    survey = sent(people["director"])
    invited = set(SurveyInvitation.objects.filter(survey=survey).values_list("person", flat=True))
    expected = {t.pk for t in people["teachers"]} | {people["principal"].pk}
    assert invited == expected  # logistics, worker and director left out
    notes = Notification.objects.filter(recipient_id__in=invited)
    assert notes.count() == len(expected)
    assert {n.url for n in notes} == {f"/planning/surveys/{survey.pk}/take/"}
    assert survey.status == SurveyStatus.OPEN and survey.sent_at is not None


def test_a_survey_about_everyone_asks_the_office_staff_too(people):
    survey = sent(people["director"], exclude_office_staff=False)
    invited = set(SurveyInvitation.objects.filter(survey=survey).values_list("person", flat=True))
    assert {people["logistics"].pk, people["worker"].pk, people["director"].pk} <= invited


def test_sending_without_questions_is_refused_and_nothing_is_saved(people):
    survey = draft(people["director"], standard_questions=False)
    with pytest.raises(ValidationError) as refused:
        services.survey_send(survey=survey, actor=people["director"])
    assert refused.value.messages == ["发出问卷前请至少添加一道题目。"]
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT
    assert not SurveyInvitation.objects.exists() and not Notification.objects.exists()


def test_a_teacher_cannot_send_a_survey(people):
    survey = draft(people["director"])
    with pytest.raises(TransitionRefused) as refused:
        services.survey_send(survey=survey, actor=people["teachers"][0])
    assert refused.value.status_code in (403, 404)
    assert not SurveyInvitation.objects.exists()


# ---- the token ----
def test_only_a_hash_of_the_token_is_stored(people):
    survey = sent(people["director"])
    token = token_for(survey, people["teachers"][0])
    invitation = SurveyInvitation.objects.get(survey=survey, person=people["teachers"][0])
    assert invitation.token_hash == services.token_hash(token) != token
    assert not Notification.objects.filter(url__contains=token).exists()
    assert not Notification.objects.filter(body__contains=token).exists()


def test_a_new_token_replaces_the_old_one(people):
    survey = sent(people["director"])
    teacher = people["teachers"][0]
    old = token_for(survey, teacher)
    new = token_for(survey, teacher)
    with pytest.raises(TransitionRefused) as refused:
        services.survey_answer_submit(token=old, answers=_scores(survey, "4"))
    assert refused.value.status_code == 404
    services.survey_answer_submit(token=new, answers=_scores(survey, "4"))
    assert SurveyResponse.objects.count() == 1


# ---- answering ----
def test_an_answer_names_nobody_and_marks_the_invitation_used(people):
    survey = sent(people["director"])
    teacher = people["teachers"][0]
    answer(survey, teacher, score=4, text="很好")
    response = SurveyResponse.objects.get()
    assert response.submitted_on == timezone.localdate()
    assert sorted(str(a.score or a.text) for a in response.answers.all()) == [
        *["4"] * 5,
        "很好",
    ]
    invitation = SurveyInvitation.objects.get(survey=survey, person=teacher)
    assert invitation.used_on == timezone.localdate()


def test_a_second_submission_with_the_same_token_is_refused(people):
    survey = sent(people["director"])
    token = token_for(survey, people["teachers"][0])
    services.survey_answer_submit(token=token, answers=_scores(survey, "5"))
    with pytest.raises(TransitionRefused) as refused:
        services.survey_answer_submit(token=token, answers=_scores(survey, "1"))
    assert refused.value.status_code == 409
    assert refused.value.messages == ["您已提交过本问卷，不能重复提交或修改。"]
    assert SurveyResponse.objects.count() == 1
    assert set(SurveyAnswer.objects.exclude(score=None).values_list("score", flat=True)) == {5}


def test_a_person_who_answered_gets_no_new_token(people):
    survey = sent(people["director"])
    answer(survey, people["teachers"][0])
    with pytest.raises(TransitionRefused) as refused:
        token_for(survey, people["teachers"][0])
    assert refused.value.status_code == 409


@pytest.mark.parametrize("bad", ["0", "6", "-1", "3.5", "很满意"])
def test_an_answer_outside_one_to_five_is_refused_and_nothing_saved(people, bad):
    survey = sent(people["director"])
    token = token_for(survey, people["teachers"][0])
    given = _scores(survey, "4")
    first = survey.questions.first()
    given[first.pk] = bad
    with pytest.raises(ValidationError) as refused:
        services.survey_answer_submit(token=token, answers=given)
    assert f"q{first.pk}" in refused.value.message_dict
    assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()
    assert SurveyInvitation.objects.get(person=people["teachers"][0]).used_on is None
    services.survey_answer_submit(token=token, answers=_scores(survey, "4"))  # can try again


def test_a_missing_required_answer_is_refused(people):
    survey = sent(people["director"])
    token = token_for(survey, people["teachers"][0])
    given = _scores(survey, "3")
    missing = survey.questions.filter(kind=QuestionKind.SCALE).last()
    del given[missing.pk]
    with pytest.raises(ValidationError) as refused:
        services.survey_answer_submit(token=token, answers=given)
    assert refused.value.message_dict[f"q{missing.pk}"] == ["请回答此题。"]
    assert not SurveyResponse.objects.exists()


def test_an_answer_after_the_survey_closed_is_refused(people):
    survey = sent(people["director"])
    token = token_for(survey, people["teachers"][0])
    services.survey_close(survey=survey, actor=people["director"])
    with pytest.raises(TransitionRefused) as refused:
        services.survey_answer_submit(token=token, answers=_scores(survey, "5"))
    assert refused.value.status_code == 409
    assert not SurveyResponse.objects.exists()


def test_an_answer_after_the_deadline_is_refused_even_before_the_task_closes_it(people):
    survey = sent(people["director"])
    token = token_for(survey, people["teachers"][0])
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - dt.timedelta(1))
    with pytest.raises(TransitionRefused):
        services.survey_answer_submit(token=token, answers=_scores(survey, "5"))
    assert services.surveys_close_past_deadline() == 1
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    assert services.surveys_close_past_deadline() == 0


def test_the_database_refuses_a_score_outside_the_scale(people):
    from django.db import IntegrityError, transaction

    survey = sent(people["director"])
    response = SurveyResponse.objects.create(
        school=survey.school, survey=survey, submitted_on=timezone.localdate()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyAnswer.objects.create(response=response, question=survey.questions.first(), score=6)


# ---- anonymity, structurally ----
def test_response_rows_hold_no_link_to_a_person_or_a_token():
    for model in (SurveyResponse, SurveyAnswer):
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related not in (User, SurveyInvitation), f"{model.__name__}.{field.name}"
            assert "token" not in field.name and "person" not in field.name
            assert not isinstance(field, models.DateTimeField), "only the day is kept"
        assert isinstance(model._meta.pk, models.UUIDField), "no insertion order in the keys"
        assert not auditlog.contains(model), "the audit log keeps the actor"


def test_answering_writes_nothing_to_the_audit_log(people):
    survey = sent(people["director"])
    before = LogEntry.objects.count()
    answer(survey, people["teachers"][0])
    assert LogEntry.objects.count() == before


def test_invitations_and_responses_cannot_be_matched_by_order(people):
    survey = sent(people["director"])
    for teacher in people["teachers"]:
        answer(survey, teacher)
    days = set(SurveyResponse.objects.values_list("submitted_on", flat=True))
    assert days == {timezone.localdate()}  # same day: nothing orders them
    used = set(SurveyInvitation.objects.exclude(used_on=None).values_list("used_on", flat=True))
    assert used == days
    assert SurveyQuestion.objects.filter(survey=survey).exists()
