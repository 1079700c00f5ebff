"""Survey results: figures per question, suppression under 5 answers, the previous term, the
metrics for many schools at once, and the query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import metrics
from core.metrics import Period
from planning import services_surveys as services
from planning.models import QuestionKind, Survey, SurveyStatus
from planning.selectors_surveys import survey_results
from tests.factories import SchoolFactory
from tests.planning.factories_surveys import answer, sent, staff, term_now

pytestmark = pytest.mark.django_db


def _answered(school, scores: list[int], texts: list[str] | None = None, **kwargs) -> Survey:
    people = staff(school, teachers=len(scores))
    survey = sent(people["director"], **kwargs)
    texts = texts or [""] * len(scores)
    for teacher, score, text in zip(people["teachers"], scores, texts, strict=True):
        answer(survey, teacher, score=score, text=text)
    return survey


def test_under_five_answers_nothing_is_shown(school):
    survey = _answered(school, [5, 4, 1, 2], texts=["a", "b", "c", "d"])
    result = survey_results(survey)
    assert (result.invited, result.responded) == (5, 4)  # four teachers and the principal
    assert result.response_rate == Decimal("80.0")
    assert not result.shown and result.satisfied is None
    assert all(not q.shown and q.counts == [] and q.texts == [] for q in result.questions)


def test_figures_per_question_with_the_response_rate(school):
    survey = _answered(
        school,
        [5, 5, 4, 3, 1, 2],
        texts=["=HYPERLINK(1)", "好", "", "", "", ""],
    )
    result = survey_results(survey)
    assert result.shown and (result.invited, result.responded) == (7, 6)
    assert result.response_rate == Decimal("85.7")
    repairs = result.questions[0]
    assert [(s, n) for s, _l, n, _p in repairs.counts] == [(5, 2), (4, 1), (3, 1), (2, 1), (1, 1)]
    assert [label for _s, label, _n, _p in repairs.counts] == [
        "非常满意",
        "满意",
        "一般",
        "不满意",
        "非常不满意",
    ]
    assert repairs.satisfied == Decimal("50.0") and repairs.mean == Decimal("3.33")
    assert result.satisfied == Decimal("50.0")
    text = result.questions[-1]
    assert text.question.kind == QuestionKind.TEXT
    assert text.answered == 2 and not text.shown and text.texts == []  # two texts: not shown


def test_free_texts_are_listed_sorted_without_anything_else(school):
    texts = ["食堂", "保洁", "报修", "安全", "采购"]
    survey = _answered(school, [4] * 5, texts=texts)
    text = survey_results(survey).questions[-1]
    assert text.shown and text.texts == sorted(texts)
    assert all(isinstance(t, str) for t in text.texts)


def test_the_previous_terms_survey_is_compared_by_service(school):
    people = staff(school, teachers=12)
    today = timezone.localdate()
    before_term = term_now(
        school, name="上学期", start=today - dt.timedelta(200), end=today - dt.timedelta(40)
    )
    before = sent(people["director"], before_term)
    for teacher in people["teachers"][:5]:
        answer(before, teacher, score=3)
    services.survey_close(survey=before, actor=people["director"])
    now = sent(people["director"])
    for teacher in people["teachers"][:6]:
        answer(now, teacher, score=5)
    result = survey_results(now)
    assert result.previous_survey == before
    repairs = result.areas[0]
    assert (repairs.area, repairs.satisfied, repairs.previous) == (
        "repairs",
        Decimal("100.0"),
        Decimal("0.0"),
    )
    assert repairs.change == Decimal("100.0")
    assert result.questions[0].previous == Decimal("0.0")


def test_results_cost_the_same_queries_for_few_and_many_answers(school):
    few = _answered(school, [4] * 5, texts=list("abcde"))
    many = _answered(SchoolFactory(), [4, 5, 3] * 10, texts=[f"意见{i}" for i in range(30)])

    def queries(survey):
        with CaptureQueriesContext(connection) as done:
            survey_results(Survey.objects.select_related("term").get(pk=survey.pk))
        return len(done)

    assert queries(few) == queries(many) <= 8


def test_the_satisfaction_metric_for_many_schools_in_one_query(school):
    happy = _answered(school, [5, 4, 4, 3, 5])
    unhappy = _answered(SchoolFactory(), [1, 2, 4, 2, 1, 3, 5, 4])
    small = _answered(SchoolFactory(), [5, 5])
    silent = SchoolFactory()
    ids = [happy.school_id, unhappy.school_id, small.school_id, silent.pk]
    metric = metrics.get("planning.survey_satisfaction")
    period = Period.span(happy.term.start, happy.term.end)
    with CaptureQueriesContext(connection) as done:
        values = metric.values(ids, period)
    assert len(done) == 1
    assert values.get(happy.school_id) == Decimal("80.0")
    assert values.get(unhappy.school_id) == Decimal("37.5")
    assert values.get(small.school_id) is None  # fewer than 5 answers: no data
    assert values.get(silent.pk) is None
    outside = Period.span(happy.term.end + dt.timedelta(10), happy.term.end + dt.timedelta(20))
    assert metric.values(ids, outside) == {}


def test_the_response_rate_metric(school):
    survey = _answered(school, [4, 4, 4])  # three teachers and the principal asked
    other = SchoolFactory()
    metric = metrics.get("planning.survey_response_rate")
    period = Period.span(survey.term.start, survey.term.end)
    with CaptureQueriesContext(connection) as done:
        values = metric.values([school.pk, other.pk], period)
    assert len(done) == 1
    assert values == {school.pk: Decimal("75.0")}


def test_a_draft_counts_in_no_metric(school):
    people = staff(school)
    survey = sent(people["director"])
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.DRAFT)
    period = Period.span(survey.term.start, survey.term.end)
    assert metrics.get("planning.survey_response_rate").values([school.pk], period) == {}


def test_the_metric_link_lists_the_counted_surveys(client, school):
    survey = _answered(school, [5] * 5)
    people = staff(school, teachers=0)
    client.force_login(people["principal"])
    period = Period.span(survey.term.start, survey.term.end)
    link = metrics.get("planning.survey_satisfaction").link(period)
    page = client.get(link)
    assert page.status_code == 200 and survey.title in page.content.decode()
    outside = Period.span(survey.term.end + dt.timedelta(10), survey.term.end + dt.timedelta(20))
    other = client.get(metrics.get("planning.survey_satisfaction").link(outside))
    assert survey.title not in other.content.decode()


def test_the_twelve_month_trends_come_from_one_query_and_follow_the_terms(school):
    survey = _answered(school, [5, 4, 4, 3, 5])
    until = Period.month(survey.term.start.year, survey.term.start.month)
    months = metrics.last_twelve_months(until)
    for key, value in (
        ("planning.survey_satisfaction", Decimal("80.0")),
        ("planning.survey_response_rate", Decimal("83.3")),
    ):
        with CaptureQueriesContext(connection) as done:
            trend = metrics.get(key).trend(school.pk, months)
        assert len(done) == 1
        assert trend[until.code] == value
        assert list(trend.values())[:-2] == [None] * 10  # before the term: no data
