"""The survey pages as people use them: drafting, sending, answering from the notification's
link, refusals (4xx, a Chinese sentence, nothing saved), results and their Excel export."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from core.models import Notification
from planning.models import (
    QuestionKind,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from tests.helpers import count_queries
from tests.planning.factories_surveys import answer, draft, sent, staff, term_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(school):
    return staff(school)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _answer_url(client: Client, survey: Survey) -> str:
    taken = client.get(f"/planning/surveys/{survey.pk}/take/")
    assert taken.status_code == 302
    return taken["Location"]


def _post_all(client: Client, url: str, survey: Survey, score: str = "4", text: str = ""):
    data = {
        f"q{q.pk}": score if q.kind == QuestionKind.SCALE else text for q in survey.questions.all()
    }
    return client.post(url, data)


def test_the_director_drafts_adds_a_question_and_sends(people):
    director = _client(people["director"])
    term = term_now(people["director"].school, name="2026—2027学年第一学期")
    page = director.post(
        "/planning/surveys/add/",
        {
            "term": term.pk,
            "title": "总务满意度调查",
            "closes_on": "2099-01-01",
            "exclude_office_staff": "on",
            "standard_questions": "on",
        },
    )
    survey = Survey.objects.get()
    assert page.status_code == 302 and page["Location"] == f"/planning/surveys/{survey.pk}/"
    added = director.post(
        f"/planning/surveys/{survey.pk}/questions/",
        {"text": "您对宿舍管理满意吗？", "kind": "scale", "area": "general", "required": "on"},
    )
    assert added.status_code == 302
    detail = director.get(f"/planning/surveys/{survey.pk}/").content.decode()
    assert "您对宿舍管理满意吗？" in detail and "发出问卷" in detail
    sent_page = director.post(f"/planning/surveys/{survey.pk}/send/")
    assert sent_page.status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    assert SurveyInvitation.objects.filter(survey=survey).count() == 7  # 6 teachers, principal


def test_editing_a_sent_surveys_questions_is_refused_with_a_sentence(people):
    survey = sent(people["director"])
    director = _client(people["director"])
    count = survey.questions.count()
    page = director.post(
        f"/planning/surveys/{survey.pk}/questions/",
        {"text": "新增", "kind": "scale", "area": "general"},
    )
    assert page.status_code == 409
    assert "已发出，题目不能再修改" in page.content.decode()
    question = survey.questions.first()
    removed = director.post(f"/planning/surveys/{survey.pk}/questions/{question.pk}/remove/")
    assert removed.status_code == 409
    assert SurveyQuestion.objects.filter(survey=survey).count() == count
    edit = {"title": "改名", "closes_on": "2099-01-01"}
    edited = director.post(f"/planning/surveys/{survey.pk}/edit/", edit)
    assert edited.status_code == 409 and "已发出" in edited.content.decode()
    assert Survey.objects.get(pk=survey.pk).title == "后勤服务满意度调查"


def test_a_teacher_answers_from_the_notification_link_once(people):
    survey = sent(people["director"])
    teacher = people["teachers"][0]
    client = _client(teacher)
    waiting = 'data-testid="todo-count-planning.survey_waiting">'
    assert f"{waiting}1<" in client.get("/").content.decode()
    note = Notification.objects.get(recipient=teacher)
    assert note.url == f"/planning/surveys/{survey.pk}/take/"
    url = _answer_url(client, survey)
    form = client.get(url).content.decode()
    for label in ("非常满意", "满意", "一般", "不满意", "非常不满意"):
        assert f"> {label}</label>" in form
    done = _post_all(client, url, survey, text="食堂很好")
    assert done.status_code == 200 and "匿名记录" in done.content.decode()
    again = _post_all(client, url, survey, score="1")
    assert again.status_code == 409
    assert "您已提交过本问卷，不能重复提交或修改。" in again.content.decode()
    retake = client.get(f"/planning/surveys/{survey.pk}/take/")
    assert retake.status_code == 409
    assert SurveyResponse.objects.count() == 1
    assert f"{waiting}0<" in client.get("/").content.decode()


def test_bad_answers_are_refused_with_the_question_marked_and_nothing_saved(people):
    survey = sent(people["director"])
    client = _client(people["teachers"][0])
    url = _answer_url(client, survey)
    first = survey.questions.first()
    data = {f"q{q.pk}": "4" for q in survey.questions.filter(kind=QuestionKind.SCALE)}
    data[f"q{first.pk}"] = "7"
    del data[f"q{survey.questions.filter(kind=QuestionKind.SCALE).last().pk}"]
    page = client.post(url, data)
    html = page.content.decode()
    assert page.status_code == 400
    assert "请在 1 到 5 之间选择一项。" in html and "请回答此题。" in html
    assert SurveyResponse.objects.count() == 0
    assert SurveyInvitation.objects.get(person=people["teachers"][0]).used_on is None


def test_an_answer_after_closing_is_refused(people):
    survey = sent(people["director"])
    client = _client(people["teachers"][0])
    url = _answer_url(client, survey)
    closed = _client(people["director"]).post(f"/planning/surveys/{survey.pk}/close/")
    assert closed.status_code == 302
    page = _post_all(client, url, survey)
    assert page.status_code == 409 and "已结束，不再接受填写" in page.content.decode()
    assert client.get(url).status_code == 409
    assert SurveyResponse.objects.count() == 0


def test_someone_elses_link_is_not_found(people):
    survey = sent(people["director"])
    url = _answer_url(_client(people["teachers"][0]), survey)
    other = _client(people["teachers"][1])
    assert other.get(url).status_code == 404
    assert _post_all(other, url, survey).status_code == 404
    assert other.get("/planning/surveys/answer/not-a-token/").status_code == 404
    assert SurveyResponse.objects.count() == 0


def test_the_results_page_shows_the_response_rate_and_suppresses_small_groups(people):
    survey = sent(people["director"])
    for teacher in people["teachers"][:4]:
        answer(survey, teacher, score=5)
    director = _client(people["director"])
    html = director.get(f"/planning/surveys/{survey.pk}/results/").content.decode()
    assert "不足 5 份回答：为避免识别出填写人，不显示结果。" in html
    assert re.search(r'data-testid="response-rate">57\.1<', html)
    answer(survey, people["teachers"][4], score=3)
    html = director.get(f"/planning/surveys/{survey.pk}/results/").content.decode()
    assert re.search(r'data-testid="response-rate">71\.4<', html)
    assert 'data-testid="chart"' in html and "data:image/svg+xml;base64," in html
    assert re.search(r'data-testid="satisfied">80\.0<', html)


def test_the_export_matches_the_page_and_keeps_formulas_as_text(people):
    survey = sent(people["director"])
    texts = ['=HYPERLINK("x")', "保洁", "报修", "安全", "采购"]
    for teacher, text in zip(people["teachers"][:5], texts, strict=True):
        answer(survey, teacher, score=4, text=text)
    director = _client(people["director"])
    html = director.get(f"/planning/surveys/{survey.pk}/results/").content.decode()
    response = director.get(f"/planning/surveys/{survey.pk}/results/?export=xlsx")
    book = load_workbook(io.BytesIO(response.content))
    summary = list(book["调查结果"].iter_rows(values_only=True))
    assert summary[3][:2] == ("已填写", 5) and summary[4][1] == 71.4
    heads = next(i for i, row in enumerate(summary) if row[0] == "题目")
    repairs = summary[heads + 1]
    assert repairs[:3] == ("您对报修维修服务满意吗？", "报修", 5)
    assert repairs[3:10] == (0, 5, 0, 0, 0, 100, 4)
    assert "<td>100.0</td>" in html and "<td>4.00</td>" in html
    comments = [row[1] for row in book["意见建议"].iter_rows(min_row=2, values_only=True)]
    assert comments == sorted(texts)
    cell = next(c for c in book["意见建议"]["B"] if c.value == '=HYPERLINK("x")')
    assert cell.data_type == "s"
    for text in texts[1:]:
        assert text in html


def test_the_results_page_costs_the_same_queries_for_few_and_many_answers(school):
    small = staff(school, teachers=5)
    few = sent(small["director"])
    for teacher in small["teachers"]:
        answer(few, teacher, text="好")
    from tests.factories import SchoolFactory

    big_school = SchoolFactory()
    big = staff(big_school, teachers=25)
    many = sent(big["director"])
    for teacher in big["teachers"]:
        answer(many, teacher, text=f"意见{teacher.pk}")
    one = count_queries(_client(small["director"]), f"/planning/surveys/{few.pk}/results/")
    other = count_queries(_client(big["director"]), f"/planning/surveys/{many.pk}/results/")
    assert one == other


def test_the_survey_list_says_what_waits_for_whom(people):
    survey = sent(people["director"])
    draft(people["director"], title="下学期草稿")
    teacher = _client(people["teachers"][0])
    html = teacher.get("/planning/surveys/?waiting=1").content.decode()
    assert survey.title in html and f"/planning/surveys/{survey.pk}/take/" in html
    assert "下学期草稿" not in html  # a draft is not shown to teachers
    assert "下学期草稿" in _client(people["director"]).get("/planning/surveys/").content.decode()
