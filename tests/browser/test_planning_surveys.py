"""The survey journey on a phone (390 px): the director drafts a survey and sends it; six
teachers answer it from the link in their notification; one tries again and is refused; the
director sees the results with the response rate, and the downloaded Excel says the same."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from core.choices import Role
from planning.models import SurveyInvitation, SurveyResponse
from tests.browser.test_login_landing import log_in
from tests.factories import SchoolFactory, TermFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests"
SCORES = [5, 4, 4, 5, 3, 2]  # repairs: 4 of 6 satisfied → 66.7 %
COMMENTS = ["食堂菜品再丰富些", "报修很及时", "保洁要加强", "采购流程简化", "安全巡查到位", "无"]


def _tap(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _people():
    school = SchoolFactory()
    today = timezone.localdate()
    term = TermFactory(
        school=school,
        name="2026—2027学年第一学期",
        start=today - dt.timedelta(days=30),
        end=today + dt.timedelta(days=60),
    )
    director = UserFactory(school=school, username="zhuren", roles=[Role.DIRECTOR])
    teachers = [
        UserFactory(school=school, username=f"laoshi{n}", roles=[Role.TEACHER]) for n in range(7)
    ]
    return term, director, teachers


def _as(browser, browser_context_args, base: str, username: str) -> Page:
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, base, username, PASSWORD)
    return page


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px phone"


def _draft_and_send(page: Page, base: str, term) -> None:
    page.goto(f"{base}/planning/surveys/")
    _tap(page, page.get_by_test_id("survey-add"))
    page.locator("select[name=term]").select_option(str(term.pk))
    page.locator("input[name=title]").fill("本学期后勤服务满意度调查")
    page.locator("input[name=closes_on]").fill((term.end).isoformat())
    _tap(page, page.locator("form.form button[type=submit]"))
    expect(page.get_by_test_id("questions").locator("li")).to_have_count(6)
    _tap(page, page.get_by_test_id("step-send"))
    expect(page.get_by_test_id("survey-status")).to_have_text("填写中")


def _open_from_notification(page: Page, base: str) -> None:
    page.goto(f"{base}/notifications/")
    _tap(page, page.get_by_role("button", name=re.compile("有问卷等待您填写")))


def _fill_and_submit(page: Page, score: int, comment: str) -> None:
    for fieldset in page.locator("fieldset.survey-q").all():
        radios = fieldset.locator("input[type=radio]")
        if radios.count():
            fieldset.locator(f"input[type=radio][value='{score}']").check()
        else:
            fieldset.locator("textarea").fill(comment)
    _tap(page, page.get_by_test_id("submit-answers"))


def _answer(page: Page, base: str, score: int, comment: str) -> None:
    _open_from_notification(page, base)
    expect(page.get_by_test_id("answer-form")).to_be_visible()
    _fits_the_phone(page)
    _fill_and_submit(page, score, comment)
    expect(page.get_by_test_id("thanks")).to_contain_text("匿名记录")


def test_a_survey_drafted_sent_answered_once_each_and_read_as_totals(
    live_server, page: Page, browser, browser_context_args, artifacts_dir
):
    term, director, teachers = _people()
    base = live_server.url
    log_in(page, base, director.username, PASSWORD)
    _draft_and_send(page, base, term)
    assert SurveyInvitation.objects.count() == 7  # the director (office staff) is left out

    # The first teacher keeps the form open in a second tab, answers in the first, then sends
    # the second: the same token twice is refused and nothing is saved.
    first = _as(browser, browser_context_args, base, teachers[0].username)
    _open_from_notification(first, base)
    second = first.context.new_page()
    second.goto(first.url)
    _fits_the_phone(first)
    _fill_and_submit(first, SCORES[0], COMMENTS[0])
    expect(first.get_by_test_id("thanks")).to_contain_text("匿名记录")
    first.screenshot(path=str(artifacts_dir / "survey-thanks-phone.png"), full_page=True)
    _fill_and_submit(second, 1, "改主意了")
    expect(second.get_by_test_id("refused")).to_have_text("您已提交过本问卷，不能重复提交或修改。")
    _open_from_notification(second, base)
    expect(second.get_by_test_id("refused")).to_be_visible()
    first.context.close()
    for teacher, score, comment in zip(teachers[1:], SCORES[1:], COMMENTS[1:], strict=False):
        phone = _as(browser, browser_context_args, base, teacher.username)
        _answer(phone, base, score, comment)
        phone.context.close()
    assert SurveyResponse.objects.count() == 6

    # The director reads the totals: 6 of 7 answered; the Excel file says the same.
    page.goto(f"{base}/planning/surveys/")
    _tap(page, page.get_by_role("link", name="本学期后勤服务满意度调查"))
    _tap(page, page.get_by_test_id("results-link"))
    expect(page.get_by_test_id("responded")).to_have_text("6")
    expect(page.get_by_test_id("response-rate")).to_have_text("85.7")
    expect(page.get_by_test_id("chart")).to_be_visible()
    repairs_row = page.get_by_test_id("scale-results").locator("tbody tr").first
    cells = repairs_row.locator("td").all_inner_texts()
    assert cells[:8] == ["您对报修维修服务满意吗？", "6", "2", "2", "1", "1", "0", "66.7"]
    comments = page.locator("ul[data-testid^=texts-] li").all_inner_texts()
    assert comments == sorted(COMMENTS)
    page.screenshot(path=str(artifacts_dir / "survey-results-phone.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    summary = list(book["调查结果"].iter_rows(values_only=True))
    facts = {row[0]: row[1] for row in summary if row and len(row) > 1}
    assert facts["已填写"] == 6 and facts["回收率（%）"] == 85.7
    heads = next(i for i, row in enumerate(summary) if row[0] == "题目")
    assert [str(v) for v in summary[heads + 1][:3]] == [cells[0], "报修", cells[1]]
    assert [str(v) for v in summary[heads + 1][3:9]] == [*cells[2:7], "66.7"]
    texts = [row[1] for row in book["意见建议"].iter_rows(min_row=2, values_only=True)]
    assert texts == comments
