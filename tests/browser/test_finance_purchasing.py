"""Quotes and the order in a browser: logistics1 finds an approved request among those awaiting
an order, records three quotes (a blacklisted supplier is refused first, and each supplier's
grade is on the form), picks the middle one (refused without a reason, then with one), places
the order; the order list shows it and its Excel export holds exactly the rows on the screen."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from core.demo import seed_demo_school
from core.models import User
from finance.choices import RequestStatus
from finance.models import PurchaseOrder
from tests.browser.test_login_landing import log_in
from tests.finance.factories import supplier_of
from tests.finance.factories_purchasing import approved_request, graded_supplier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}


@pytest.fixture
def browser_context_args():
    return {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", **DESKTOP}


def _quote(page: Page, supplier_pk: int, amount: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id("add-quote").click()
    page.locator("#id_supplier").select_option(str(supplier_pk))
    page.locator("#id_amount").fill(amount)
    with page.expect_navigation():
        page.get_by_test_id("save-quote").click()


def test_three_quotes_the_middle_one_with_a_reason_and_the_order_in_the_list_and_export(
    live_server, page: Page
):
    school = seed_demo_school()
    teacher = User.objects.get(username="teacher1")
    request = approved_request(
        school, requester=teacher, price="4500.00", quantity="2", title="录播教室摄像机"
    )
    cheap = graded_supplier(school, "C", name="低价数码")
    middle = graded_supplier(school, "A", name="优质教育装备")
    dear = graded_supplier(school, "B", name="华东电器")
    banned = supplier_of(school, name="劣质商贸", is_blacklisted=True, blacklist_reason="以次充好")
    base = live_server.url

    log_in(page, base, "logistics1")
    page.goto(f"{base}/finance/purchasing/orders/")
    with page.expect_navigation():
        page.get_by_test_id("awaiting-order").get_by_role("link", name=request.number).click()
    expect(page.get_by_test_id("purchasing-panel")).to_contain_text("货比三家")

    with page.expect_navigation():
        page.get_by_test_id("add-quote").click()
    supplier_select = page.locator("#id_supplier")
    expect(supplier_select).to_contain_text("优质教育装备 · 评级 A")
    expect(supplier_select).to_contain_text("劣质商贸 · 已列入黑名单")
    supplier_select.select_option(str(banned.pk))
    page.locator("#id_amount").fill("8000.00")
    with page.expect_navigation():
        page.get_by_test_id("save-quote").click()
    expect(page.locator(".field.has-error")).to_contain_text("已列入黑名单（以次充好）")
    with page.expect_navigation():
        page.get_by_role("link", name="取消").click()

    for supplier, amount in ((cheap, "8600.00"), (middle, "8800.00"), (dear, "9200.00")):
        _quote(page, supplier.pk, amount)
    quotes = page.get_by_test_id("quotes")
    expect(quotes.locator("tbody tr")).to_have_count(3)
    expect(quotes.locator("tr", has=page.get_by_test_id("lowest"))).to_contain_text("低价数码")
    expect(quotes).to_contain_text("A (")

    with page.expect_navigation():
        page.get_by_test_id("place-order").click()
    chosen = request.quotes.get(supplier=middle)
    page.locator(f"input[name=quote][value='{chosen.pk}']").check()
    with page.expect_navigation():
        page.get_by_test_id("save-order").click()
    expect(page.get_by_test_id("field-reason")).to_contain_text("不是最低价")
    assert not PurchaseOrder.objects.filter(request=request).exists()
    page.locator(f"input[name=quote][value='{chosen.pk}']").check()
    page.locator("#id_reason").fill("低价数码评级为 C，优质教育装备售后在本区")
    with page.expect_navigation():
        page.get_by_test_id("save-order").click()
    order = PurchaseOrder.objects.get(request=request)
    expect(page.get_by_test_id("order-fields")).to_contain_text(order.number)
    expect(page.get_by_test_id("order-fields")).to_contain_text("8,800.00")
    request.refresh_from_db()
    assert request.status == RequestStatus.ORDERED
    assert (order.supplier, order.amount) == (middle, Decimal("8800.00"))

    with page.expect_navigation():
        page.get_by_role("link", name="返回列表").click()
    page.locator("select[name=supplier]").select_option(str(middle.pk))  # the demo has orders too
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    cells = rows.first.locator("td").all_inner_texts()
    assert cells[0].strip() == order.number and "优质教育装备" in cells[4]
    screen = [(cells[0].strip(), cells[4].strip(), Decimal(cells[5].strip().replace(",", "")))]
    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    with open(info.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).active
        header, *data = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert header[0] == "订单编号" and header[5] == "订单金额"
    assert [(row[0], row[4], Decimal(str(row[5]))) for row in data] == screen
    assert screen == [(order.number, "优质教育装备", Decimal("8800.00"))]
