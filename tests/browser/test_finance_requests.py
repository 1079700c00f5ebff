"""A purchase request on a phone (issue 12, points 2, 3, 10): teacher1 刘芳 requests two items
from the menu and submits; the head of 语文教研组 (teacher3 吴静) approves from the approvals
waiting for her on the home page; the director approves; the principal is not asked (below
10,000 yuan); the ledger shows it approved, the budget line's committed amount rose, and the
ledger's Excel holds exactly the rows on the screen."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from core.demo import seed_demo_school
from core.models import User
from finance.choices import RequestStatus
from finance.demo_base import seed_base
from finance.models import BudgetLine, PurchaseRequest
from finance.services.requests import waiting_for
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def _item(page: Page, n: int, name: str, quantity: str, unit: str, price: str) -> None:
    prefix = f"#id_items-{n}-"
    page.locator(prefix + "name").fill(name)
    page.locator(prefix + "quantity").fill(quantity)
    page.locator(prefix + "unit").fill(unit)
    page.locator(prefix + "unit_price").fill(price)


def test_a_teacher_requests_on_a_phone_and_two_tiers_approve(
    live_server, page: Page, browser, browser_context_args
):
    school = seed_demo_school()
    seed_base()
    line = BudgetLine.objects.get(school=school, name="语文组教学用品")
    base = live_server.url

    # teacher1 asks from the menu, on a 390 px screen.
    log_in(page, base, "teacher1")
    page.locator("[data-menu-toggle]").click()
    with page.expect_navigation():
        page.get_by_test_id("nav-daily").get_by_role("link", name="我的请购").click()
    with page.expect_navigation():
        page.get_by_test_id("new-request").click()
    _fits_the_phone(page)
    page.locator("#id_title").fill("朗读与作文用品")
    page.locator("#id_budget_line").select_option(str(line.pk))
    page.locator("#id_reason").fill("朗读比赛录音和作文练习")
    _item(page, 0, "录音笔", "3", "支", "450")
    _item(page, 1, "作文本", "100", "本", "4.80")
    with page.expect_navigation():
        page.get_by_test_id("save-request").click()
    expect(page.get_by_test_id("request-amount")).to_have_text("1830.00")
    _fits_the_phone(page)
    with page.expect_navigation():
        page.get_by_test_id("do-submit").click()
    expect(page.get_by_test_id("request-status")).to_have_text("待审批")
    expect(page.get_by_test_id("request-level")).to_have_text("部门负责人")
    request = PurchaseRequest.objects.get(title="朗读与作文用品")
    assert request.levels == ["head", "director"]  # below 10,000: not the principal

    # The head finds it on her home page, on her phone.
    head = browser.new_context(**browser_context_args).new_page()
    log_in(head, base, "teacher3")
    waiting = PurchaseRequest.objects.filter(waiting_for(User.objects.get(username="teacher3")))
    assert request in waiting  # the demo's own requests may wait for her too
    expect(head.get_by_test_id("todo-count-finance.approvals_waiting")).to_have_text(
        str(waiting.count())
    )
    with head.expect_navigation():
        head.get_by_test_id("todo-finance.approvals_waiting").click()
    _fits_the_phone(head)
    with head.expect_navigation():
        head.get_by_role("link", name=request.number).click()
    _fits_the_phone(head)
    head.get_by_test_id("note-approve").fill("同意，尽快采购")
    with head.expect_navigation():
        head.get_by_test_id("do-approve").click()
    expect(head.get_by_test_id("request-level")).to_have_text("总务主任")

    # The director approves at the last tier; the line commits the amount.
    director = browser.new_context(**{**browser_context_args, **DESKTOP}).new_page()
    log_in(director, base, "director")
    director.goto(f"{base}/finance/requests/inbox/")
    with director.expect_navigation():
        director.get_by_role("link", name=request.number).click()
    with director.expect_navigation():
        director.get_by_test_id("do-approve").click()
    expect(director.get_by_test_id("request-status")).to_have_text("已批准")
    expect(director.get_by_test_id("approvals")).to_contain_text("吴静")
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED
    assert BudgetLine.objects.get(pk=line.pk).committed == line.committed + Decimal("1830.00")

    # The principal has nothing to approve.
    principal = browser.new_context(**{**browser_context_args, **DESKTOP}).new_page()
    log_in(principal, base, "principal")
    principal.goto(f"{base}/finance/requests/inbox/")
    expect(principal.get_by_test_id("no-requests")).to_be_visible()

    # The ledger shows it approved; its Excel equals the screen.
    director.goto(f"{base}/finance/requests/?status=approved")
    rows = director.locator("table.list tbody tr")
    expect(rows.first).to_be_visible()
    approved = PurchaseRequest.objects.filter(school=school, status=RequestStatus.APPROVED)
    expect(rows).to_have_count(approved.count())
    screen = [
        (cells[0].strip(), Decimal(cells[7].strip().replace(",", "")), cells[10].strip())
        for cells in (row.locator("td").all_inner_texts() for row in rows.all())
    ]
    assert (request.number, Decimal("1830.00"), "已批准") in screen
    with director.expect_download() as info:
        director.get_by_test_id("export-xlsx").click()
    with open(info.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).active
        header, *data = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert header[0] == "编号" and header[7] == "金额（元）"
    assert sorted((row[0], Decimal(str(row[7])), row[10]) for row in data) == sorted(screen)
