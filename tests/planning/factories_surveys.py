"""Survey test helpers: a school's staff, a sent survey, answers given through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.choices import Role
from planning import services_surveys as services
from planning.models import QuestionKind, Survey, SurveyInvitation
from tests.factories import TermFactory, UserFactory


def staff(school, teachers: int = 6) -> dict:
    """A director, a principal, a logistics clerk, a worker and some teachers."""
    people = {
        "director": UserFactory(school=school, roles=[Role.DIRECTOR]),
        "principal": UserFactory(school=school, roles=[Role.PRINCIPAL]),
        "logistics": UserFactory(school=school, roles=[Role.LOGISTICS]),
        "worker": UserFactory(school=school, roles=[Role.WORKER]),
    }
    people["teachers"] = [UserFactory(school=school, roles=[Role.TEACHER]) for _ in range(teachers)]
    return people


def term_now(school, **kwargs):
    today = timezone.localdate()
    defaults = {"start": today - dt.timedelta(days=30), "end": today + dt.timedelta(days=60)}
    return TermFactory(school=school, **{**defaults, **kwargs})


def draft(director, term=None, **kwargs) -> Survey:
    term = term or term_now(director.school)
    return services.survey_create(
        actor=director,
        term=term,
        title=kwargs.pop("title", "后勤服务满意度调查"),
        closes_on=kwargs.pop("closes_on", timezone.localdate() + dt.timedelta(days=7)),
        **kwargs,
    )


def sent(director, term=None, **kwargs) -> Survey:
    survey = draft(director, term, **kwargs)
    return services.survey_send(survey=survey, actor=director)


def token_for(survey: Survey, person) -> str:
    invitation = SurveyInvitation.objects.get(survey=survey, person=person)
    return services.invitation_issue_token(invitation=invitation)


def answer(survey: Survey, person, score: int = 5, text: str = "") -> None:
    """The person answers every scale question with `score` and every text one with `text`."""
    given = {
        q.pk: str(score) if q.kind == QuestionKind.SCALE else text for q in survey.questions.all()
    }
    services.survey_answer_submit(token=token_for(survey, person), answers=given)
