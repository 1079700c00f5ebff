"""Budget execution and an adjustment (预算调剂): the director opens budget execution from the menu,
reads a line's figures, opens the line and asks to move money to another line; the principal
approves it; the execution page shows the new amounts and its Excel export equals the screen."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from core.demo import seed_demo_school
from finance.models import BudgetAdjustment, BudgetLine
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}


@pytest.fixture
def browser_context_args():
    return {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", **DESKTOP}


def _money(text: str) -> Decimal:
    return Decimal(text.strip().replace(",", ""))


def _screen(page: Page) -> dict[str, list[str]]:
    rows = page.get_by_test_id("execution").locator("tbody tr")
    return {
        cells[3].strip(): cells for cells in (r.locator("td").all_inner_texts() for r in rows.all())
    }


def _log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_director_requests_an_adjustment_the_principal_approves_execution_shows_it(
    live_server, page: Page
):
    school = seed_demo_school()
    base = live_server.url
    office = BudgetLine.objects.get(school=school, name="办公费")
    equipment = BudgetLine.objects.get(school=school, name="办公设备购置")
    log_in(page, base, "director")

    with page.expect_navigation():
        page.locator("#mainnav").get_by_role("link", name="预算执行").click()
    screen = _screen(page)
    cells = screen["办公费"]
    assert [_money(c) for c in cells[4:8]] == [
        office.amount,
        office.committed,
        office.spent,
        office.available,
    ]
    expect(page.get_by_test_id("totals")).to_contain_text("合计")

    with page.expect_navigation():
        page.get_by_test_id("execution").get_by_role("link", name="办公费", exact=True).click()
    expect(page.get_by_test_id("available")).to_have_text(f"{office.available:,.2f}")
    with page.expect_navigation():
        page.get_by_test_id("request-adjustment").click()
    page.locator("#id_to_line").select_option(str(equipment.pk))
    page.locator("#id_amount").fill("15000")
    page.locator("#id_reason").fill("新增录播教室设备，从办公费调剂")
    with page.expect_navigation():
        page.get_by_role("button", name="申请调剂").click()
    expect(page.get_by_test_id("status")).to_have_text("待审批")
    expect(page.get_by_test_id("decider")).to_contain_text("校长")
    expect(page.get_by_test_id("steps")).to_have_count(0)  # never the requester's to decide
    adjustment = BudgetAdjustment.objects.get(school=school, amount=Decimal("15000"))

    _log_out(page)
    log_in(page, base, "principal")
    page.goto(f"{base}/finance/budget/adjustments/{adjustment.pk}/")
    page.locator("#id_note").fill("同意")
    with page.expect_navigation():
        page.get_by_test_id("step-approve").click()
    expect(page.get_by_test_id("status")).to_have_text("已批准")

    page.goto(f"{base}/finance/budget/execution/")
    screen = _screen(page)
    assert _money(screen["办公费"][4]) == office.amount - 15000
    assert _money(screen["办公设备购置"][4]) == equipment.amount + 15000

    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    with open(info.value.path(), "rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
        exported = [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    header, *data = exported
    assert header[3] == "预算项目" and header[4] == "预算数"
    assert len(data) == len(screen)
    for row in data:
        shown = screen[row[3]]
        assert [Decimal(str(v)) for v in row[4:8]] == [_money(c) for c in shown[4:8]], row[3]
