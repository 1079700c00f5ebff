"""The whole purchase chain in a browser, as the school runs it (issue 12, point 10):
teacher1 刘芳 requests two projectors on her phone → the head of 语文教研组 (吴静) approves from her
to-do → the director approves (the amount is committed to the budget line) → logistics1 records
three quotes and orders from the lowest → logistics1 and 张伟 accept the delivery, booking the
projectors as asset cards → the cards appear in the asset ledger → the admin pays → budget
execution shows the money spent and nothing left committed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from assets.models import AssetCategory
from core.demo import seed_demo_school
from core.models import User
from finance.choices import RequestStatus
from finance.models import BudgetLine, PurchaseRequest
from tests.browser.test_login_landing import log_in
from tests.finance.factories import supplier_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}


def _money(text: str) -> Decimal:
    return Decimal(text.strip().replace(",", ""))


def _desk(browser, browser_context_args, base: str, username: str) -> Page:
    page = browser.new_context(**{**browser_context_args, **DESKTOP}).new_page()
    log_in(page, base, username)
    return page


def _request_on_a_phone(page: Page, base: str, line: BudgetLine) -> PurchaseRequest:
    log_in(page, base, "teacher1")
    page.locator("[data-menu-toggle]").click()
    with page.expect_navigation():
        page.get_by_test_id("nav-daily").get_by_role("link", name="我的请购").click()
    with page.expect_navigation():
        page.get_by_test_id("new-request").click()
    page.locator("#id_title").fill("教室实物投影仪")
    page.locator("#id_budget_line").select_option(str(line.pk))
    page.locator("#id_reason").fill("两间教室的实物投影仪损坏，无法修复")
    page.locator("#id_items-0-name").fill("实物投影仪")
    page.locator("#id_items-0-quantity").fill("2")
    page.locator("#id_items-0-unit").fill("台")
    page.locator("#id_items-0-unit_price").fill("2400")
    with page.expect_navigation():
        page.get_by_test_id("save-request").click()
    expect(page.get_by_test_id("request-amount")).to_have_text("4800.00")
    with page.expect_navigation():
        page.get_by_test_id("do-submit").click()
    expect(page.get_by_test_id("request-status")).to_have_text("待审批")
    return PurchaseRequest.objects.get(title="教室实物投影仪")


def _approve(page: Page, request: PurchaseRequest, *, from_todo: bool) -> None:
    if from_todo:
        with page.expect_navigation():
            page.get_by_test_id("todo-finance.approvals_waiting").click()
    else:
        page.locator("#mainnav").get_by_role("link", name="待我审批").first.click()
        page.wait_for_load_state()
    with page.expect_navigation():
        page.get_by_role("link", name=request.number).click()
    with page.expect_navigation():
        page.get_by_test_id("do-approve").click()


def _three_quotes_and_the_order(page: Page, request: PurchaseRequest, suppliers) -> None:
    page.locator("#mainnav").get_by_role("link", name="采购订单").first.click()
    page.wait_for_load_state()
    with page.expect_navigation():
        page.get_by_test_id("awaiting-order").get_by_role("link", name=request.number).click()
    for supplier, amount in suppliers:
        with page.expect_navigation():
            page.get_by_test_id("add-quote").click()
        page.locator("#id_supplier").select_option(str(supplier.pk))
        page.locator("#id_amount").fill(amount)
        with page.expect_navigation():
            page.get_by_test_id("save-quote").click()
    expect(page.get_by_test_id("quotes").locator("tbody tr")).to_have_count(3)
    lowest = request.quotes.order_by("amount").first()
    with page.expect_navigation():
        page.get_by_test_id("place-order").click()
    page.locator(f"input[name=quote][value='{lowest.pk}']").check()
    with page.expect_navigation():
        page.get_by_test_id("save-order").click()


def _open_in_the_ledger(page: Page, request: PurchaseRequest) -> None:
    """The purchase ledger from the menu, then the request's page."""
    page.locator("#mainnav").get_by_role("link", name="采购台账").first.click()
    page.wait_for_load_state()
    with page.expect_navigation():
        page.locator("table.list").get_by_role("link", name=request.number).click()


def test_a_teachers_request_goes_through_approval_quotes_acceptance_and_payment(
    live_server, page: Page, browser, browser_context_args
):
    school = seed_demo_school()
    base = live_server.url
    line = BudgetLine.objects.get(school=school, name="办公设备购置")
    before = (line.committed, line.spent)
    suppliers = [
        (supplier_of(school, name="教学设备甲公司"), "4650.00"),
        (supplier_of(school, name="教学设备乙公司"), "4800.00"),
        (supplier_of(school, name="教学设备丙公司"), "4990.00"),
    ]

    # 请购 on a phone, then 审批 by the head (from her to-do) and the director.
    request = _request_on_a_phone(page, base, line)
    assert request.levels == ["head", "director"]
    head = browser.new_context(**browser_context_args).new_page()
    log_in(head, base, "teacher3")
    _approve(head, request, from_todo=True)
    expect(head.get_by_test_id("request-level")).to_have_text("总务主任")
    director = _desk(browser, browser_context_args, base, "director")
    _approve(director, request, from_todo=False)
    expect(director.get_by_test_id("request-status")).to_have_text("已批准")
    line.refresh_from_db()
    assert line.committed == before[0] + Decimal("4800.00")

    # 询价 (three quotes from 1,000 yuan) and the order from the lowest.
    clerk = _desk(browser, browser_context_args, base, "logistics1")
    _three_quotes_and_the_order(clerk, request, suppliers)
    request.refresh_from_db()
    assert request.status == RequestStatus.ORDERED
    assert request.order.supplier.name == "教学设备甲公司"

    # 验收 by two people (the clerk and 张伟), booking the projectors as asset cards.
    _open_in_the_ledger(clerk, request)
    with clerk.expect_navigation():
        clerk.get_by_test_id("record-acceptance").click()
    item = request.items.get()
    category = AssetCategory.objects.filter(school=school).order_by("code").last()
    clerk.locator("#id_second_acceptor").select_option(
        str(User.objects.get(username="teacher2").pk)
    )
    clerk.locator("#id_invoice_number").fill("No.33050001")
    clerk.locator(f"#id_price_{item.pk}").fill("2325.00")
    clerk.locator(f"#id_book_{item.pk}").select_option(f"asset:{category.pk}")
    with clerk.expect_navigation():
        clerk.get_by_test_id("save-acceptance").click()
    cards = clerk.get_by_test_id("asset-card")
    expect(cards).to_have_count(2)
    codes = sorted(cards.all_inner_texts())

    # The cards are in the asset ledger, with the supplier and the invoiced price.
    director.locator("#mainnav").get_by_role("link", name="资产台账").first.click()
    director.wait_for_load_state()
    director.locator("input[name=q]").fill("实物投影仪")
    with director.expect_navigation():
        director.get_by_role("button", name="筛选").click()
    rows = director.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("2,325.00")
    assert sorted(r.locator("td").first.inner_text().strip() for r in rows.all()) == codes
    with director.expect_navigation():
        director.get_by_role("link", name=codes[0]).first.click()
    expect(director.locator("main")).to_contain_text("教学设备甲公司")
    expect(director.get_by_role("link", name=f"{request.number} 教室实物投影仪")).to_be_visible()

    # 报销: the admin (who approved nothing) pays the invoice from the request's page.
    admin = _desk(browser, browser_context_args, base, "admin")
    _open_in_the_ledger(admin, request)
    with admin.expect_navigation():
        admin.get_by_test_id("record-payment").click()
    expect(admin.locator("#id_amount")).to_have_value("4650.00")
    admin.locator("#id_voucher_number").fill("记-2026-1201")
    with admin.expect_navigation():
        admin.get_by_test_id("save-payment").click()
    expect(admin.get_by_test_id("request-status")).to_have_text("已付款")

    # Budget execution shows it: spent up by the invoice, the estimate's rest released.
    director.locator("#mainnav").get_by_role("link", name="预算执行").first.click()
    director.wait_for_load_state()
    execution = director.get_by_test_id("execution").locator("tbody tr", has_text="办公设备购置")
    cells = execution.first.locator("td").all_inner_texts()
    line.refresh_from_db()
    assert (line.committed, line.spent) == (before[0], before[1] + Decimal("4650.00"))
    assert [_money(c) for c in cells[4:8]] == [
        line.amount,
        line.committed,
        line.spent,
        line.available,
    ]
