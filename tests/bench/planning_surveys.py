"""Planning surveys (issue 13, "Measured"): survey results for 2,000 responses.

- 200 answers through the service (token issued, answers checked, response stored, invitation
  claimed): time and queries per answer;
- the results of a survey with 2,000 responses (6 questions: 5 scale, 1 free text): the
  selector, the results page and its Excel export, time and queries, next to a survey with 20;
- the satisfaction metric for 200 schools (one grouped query).
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import metrics
from core.choices import Role
from core.models import School, Term, User, UserRole
from planning import services_surveys as services
from planning.models import (
    QuestionKind,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
)
from planning.selectors_surveys import survey_results
from tests.bench.report import Report, query_count, timed

RESPONSES, SERVICE_ANSWERS, SCHOOLS = 2000, 200, 200
PASSWORD = make_password("bench")


def measure(report: Report) -> None:
    big = _school("bench-surveys-big", RESPONSES)
    small = _school("bench-surveys-small", 20)
    _measure_service(report, big)
    _answer_in_bulk(big)
    _answer_in_bulk(small)
    _measure_results(report, big, small)
    _measure_metric(report, big)


def _school(code: str, people: int) -> Survey:
    """A school, `people` teachers and a director, a term, a sent survey (via the service)."""
    school = School.objects.create(name=code, code=code)
    today = timezone.localdate()
    term = Term.objects.create(
        school=school, name="本学期", start=today - dt.timedelta(30), end=today + dt.timedelta(60)
    )
    director = User.objects.create(username=f"{code}-director", school=school, password=PASSWORD)
    UserRole.objects.create(user=director, role=Role.DIRECTOR)
    teachers = User.objects.bulk_create(
        User(username=f"{code}-t{n}", school=school, password=PASSWORD) for n in range(people)
    )
    UserRole.objects.bulk_create(UserRole(user=t, role=Role.TEACHER) for t in teachers)
    survey = services.survey_create(
        actor=director, term=term, title="后勤服务满意度调查", closes_on=term.end
    )
    return services.survey_send(survey=survey, actor=director)


def _given(survey: Survey, draw: random.Random) -> dict[int, str]:
    return {
        q.pk: str(draw.choice([5, 5, 4, 4, 4, 3, 2, 1]))
        if q.kind == QuestionKind.SCALE
        else f"意见{draw.randint(1, 999)}"
        for q in survey.questions.all()
    }


def _measure_service(report: Report, survey: Survey) -> None:
    draw = random.Random(13)
    invitations = list(SurveyInvitation.objects.filter(survey=survey)[:SERVICE_ANSWERS])
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        for invitation in invitations:
            token = services.invitation_issue_token(invitation=invitation)
            services.survey_answer_submit(token=token, answers=_given(survey, draw))
    elapsed = time.perf_counter() - start
    report.add(
        f"survey answers through the service ({SERVICE_ANSWERS})",
        f"{elapsed / SERVICE_ANSWERS * 1000:.1f} ms",
        f"each, {len(captured) / SERVICE_ANSWERS:.1f} queries (token, lock, checks, claim, "
        "response, answers)",
    )


def _answer_in_bulk(survey: Survey) -> None:
    """The remaining invitations answered with bulk inserts (the service was measured above)."""
    draw = random.Random(7)
    questions = list(survey.questions.all())
    today = timezone.localdate()
    pending = SurveyInvitation.objects.filter(survey=survey, used_on__isnull=True)
    count = pending.count()
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(school_id=survey.school_id, survey=survey, submitted_on=today)
        for _ in range(count)
    )
    SurveyAnswer.objects.bulk_create(
        (
            SurveyAnswer(
                response=r,
                question=q,
                score=draw.choice([5, 4, 4, 3, 2]) if q.kind == QuestionKind.SCALE else None,
                text="" if q.kind == QuestionKind.SCALE else f"意见{draw.randint(1, 999)}",
            )
            for r in responses
            for q in questions
        ),
        batch_size=2000,
    )
    pending.update(used_on=today)


def _measure_results(report: Report, big: Survey, small: Survey) -> None:
    director = User.objects.get(username=f"{big.school.code}-director")
    client = Client()
    client.force_login(director)
    small_director = User.objects.get(username=f"{small.school.code}-director")
    small_client = Client()
    small_client.force_login(small_director)
    for label, survey in ((f"{RESPONSES}", big), ("20", small)):
        fresh = Survey.objects.select_related("term").get(pk=survey.pk)
        median, p95 = timed(lambda s=fresh: survey_results(s), repeat=10)
        queries = query_count(lambda s=fresh: survey_results(s))
        report.add(
            f"survey results selector, {label} responses",
            f"{median:.0f} ms",
            f"p95 {p95:.0f} ms, {queries} queries",
        )
    for label, survey, who in ((f"{RESPONSES}", big, client), ("20", small, small_client)):
        url = f"/planning/surveys/{survey.pk}/results/"
        median, p95 = timed(lambda u=url, c=who: c.get(u), repeat=5)
        queries = query_count(lambda u=url, c=who: c.get(u))
        report.add(
            f"survey results page, {label} responses",
            f"{median:.0f} ms",
            f"p95 {p95:.0f} ms, {queries} queries (chart included)",
        )
    url = f"/planning/surveys/{big.pk}/results/?export=xlsx"
    median, p95 = timed(lambda: client.get(url), repeat=5)
    report.add(
        f"survey results Excel, {RESPONSES} responses",
        f"{median:.0f} ms",
        f"p95 {p95:.0f} ms, {query_count(lambda: client.get(url))} queries",
    )


def _measure_metric(report: Report, big: Survey) -> None:
    others = School.objects.bulk_create(
        School(name=f"bench-surveys-s{n}", code=f"bench-surveys-s{n}") for n in range(SCHOOLS - 1)
    )
    ids = [big.school_id, *[s.pk for s in others]]
    metric = metrics.get("planning.survey_satisfaction")
    period = metrics.Period.span(big.term.start, big.term.end)
    median, p95 = timed(lambda: metric.values(ids, period), repeat=10)
    report.add(
        f"survey satisfaction metric, {SCHOOLS} schools",
        f"{median:.0f} ms",
        f"p95 {p95:.0f} ms, {query_count(lambda: metric.values(ids, period))} queries",
    )
