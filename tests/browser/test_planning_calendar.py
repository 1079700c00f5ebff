"""The work calendar's journey: the month's tasks are created from the calendar (the Celery task,
as on the 1st); the director sees them on the calendar page; logistics1 on a phone (390 px)
marks a task done with a note on "my tasks this month"; the month's done rate on the calendar
page and the dashboard-linked list follow; the list's Excel download has the rows on screen."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from core.demo import seed_demo_school
from planning.calendar_seed import calendar_seed
from planning.models.calendar import TaskStatus, WorkTask
from planning.tasks import generate_month_tasks
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1366, "height": 900}


def _tap(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def _desktop(browser, base: str, username: str) -> Page:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, base, username)
    return page


def _fits_the_screen(page: Page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth + 1")


def test_tasks_created_from_the_calendar_are_done_on_a_phone(
    live_server, page: Page, browser, artifacts_dir
):
    school = seed_demo_school()  # with the demo calendar (planning.demo_calendar)
    calendar_seed(school=school)
    month = timezone.localdate().replace(day=1)
    WorkTask.objects.filter(month=month).delete()  # as before the 1st of this month
    created = generate_month_tasks()  # what the beat runs on the 1st
    tasks = WorkTask.objects.filter(school=school, month=month)
    assert created == tasks.count() > 0
    base = live_server.url

    # The director sees this month's tasks, none done yet.
    director = _desktop(browser, base, "director")
    director.goto(f"{base}/planning/calendar/")
    cards = director.get_by_test_id("this-month").locator("section.card")
    expect(cards).to_have_count(tasks.count())
    expect(director.get_by_test_id("month-percent")).to_have_text("0.0%")

    # logistics1 on a phone: my tasks this month, done with a note.
    log_in(page, base, "logistics1")
    page.goto(f"{base}/planning/calendar/mine/")
    mine = tasks.filter(owner_role="logistics").select_related("item").order_by("due_on", "pk")
    task = mine.first()
    assert task is not None
    card = page.get_by_test_id(f"task-{task.pk}")
    expect(card).to_contain_text(task.item.title)
    assert _fits_the_screen(page), "the phone page scrolls sideways at 390 px"
    _tap(page, card.get_by_test_id("done"))  # no note: refused with a sentence, nothing saved
    expect(page.locator("ul.messages")).to_contain_text("请写明")
    assert WorkTask.objects.get(pk=task.pk).status == TaskStatus.OPEN
    page.goto(f"{base}/planning/calendar/mine/")
    card = page.get_by_test_id(f"task-{task.pk}")
    card.get_by_test_id("note").fill("已检查各楼层灭火器，压力正常")
    _tap(page, card.get_by_test_id("done"))
    expect(page.get_by_test_id(f"task-{task.pk}").get_by_test_id("status")).to_contain_text(
        "已完成"
    )
    assert _fits_the_screen(page)
    page.screenshot(path=str(artifacts_dir / "planning-my-tasks-phone.png"), full_page=True)
    done = WorkTask.objects.get(pk=task.pk)
    assert (done.status, done.done_by.username) == (TaskStatus.DONE, "logistics1")

    # The month's rate follows, on the calendar page and in the list behind it.
    total = tasks.count()
    percent = f"{round(100 / total, 1):.1f}%"
    director.reload()
    expect(director.get_by_test_id("month-percent")).to_have_text(percent)
    _tap(director, director.get_by_test_id("month-list"))
    on_screen = [
        t.strip() for t in director.locator("table.list tbody tr td:nth-child(2)").all_inner_texts()
    ]
    assert sorted(on_screen) == sorted(tasks.values_list("item__title", flat=True))
    statuses = director.locator("table.list tbody tr td:nth-child(6)").all_inner_texts()
    assert sorted(s.strip() for s in statuses).count("已完成") == 1

    # The dashboard's figure reads the same rate.
    director.goto(f"{base}/dashboard/")
    figure = director.get_by_test_id("value-planning-calendar_done_rate")
    expect(figure).to_be_visible()
    assert float(figure.inner_text()) == float(percent.rstrip("%"))
    director.goto(f"{base}/planning/calendar/tasks/?period={month:%Y-%m}")

    # The Excel download has exactly the rows on screen.
    with director.expect_download() as info:
        director.get_by_test_id("export-xlsx").click()
    with open(info.value.path(), "rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    rows = [tuple(row) for row in book.active.iter_rows(values_only=True)]
    assert sorted(row[1] for row in rows[1:]) == sorted(on_screen)
    assert [row[5] for row in rows[1:]].count("已完成") == 1
    director.context.close()
