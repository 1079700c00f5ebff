"""The monthly expenditure disclosure (财务公开): the director drafts last month's from the menu
and submits it; the principal approves it; the public page (no login) shows the summary; the
printed notice's text (pdftotext) has every cell the screen shows."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import Page, expect

from core.demo import seed_demo_school
from finance.choices import DisclosureStatus
from finance.models import ExpenditureDisclosure
from finance.views.disclosure import last_month
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False}


def _desk(browser, browser_context_args) -> Page:
    return browser.new_context(**{**browser_context_args, **DESKTOP}).new_page()


def _open_disclosures(page: Page) -> None:
    more = page.locator("[data-nav-more]")
    if more.count() and more.get_attribute("open") is None:
        more.locator("summary").click()
    with page.expect_navigation():
        page.locator("#mainnav").get_by_role("link", name="财务公开", exact=True).click()


def _cells(page: Page, testid: str) -> list[str]:
    return [c.strip() for c in page.get_by_test_id(testid).locator("tbody td").all_inner_texts()]


def test_the_director_drafts_the_principal_approves_the_public_reads_it(
    live_server, browser, browser_context_args, artifacts_dir
):
    school = seed_demo_school()
    month = last_month()
    ExpenditureDisclosure.objects.filter(school=school, month=month).delete()  # the demo's
    base = live_server.url

    director = _desk(browser, browser_context_args)
    log_in(director, base, "director")
    _open_disclosures(director)
    with director.expect_navigation():
        director.get_by_role("link", name="新增").click()
    expect(director.locator("#id_month")).to_have_value(f"{month:%Y-%m-%d}")
    director.locator("#id_is_public").check()
    with director.expect_navigation():
        director.locator("form.form button[type=submit]").click()
    expect(director.get_by_test_id("status")).to_have_text("草稿")
    expect(director.get_by_test_id("disclosure-purchases")).to_contain_text("教师办公室激光打印机")
    with director.expect_navigation():
        director.get_by_test_id("step-submit").click()
    expect(director.get_by_test_id("status")).to_have_text("已提交校长审批")
    expect(director.get_by_test_id("step-approve")).to_have_count(0)
    disclosure = ExpenditureDisclosure.objects.get(school=school, month=month)
    director.context.close()

    principal = _desk(browser, browser_context_args)
    log_in(principal, base, "principal")
    _open_disclosures(principal)
    with principal.expect_navigation():
        principal.get_by_role("link", name=f"{month:%Y-%m-%d}").first.click()
    with principal.expect_navigation():
        principal.get_by_test_id("step-approve").click()
    expect(principal.get_by_test_id("status")).to_have_text("已发布")
    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.PUBLISHED
    categories = _cells(principal, "disclosure-categories")
    purchases = _cells(principal, "disclosure-purchases")
    assert "办公设备购置" in categories and "金陵数码科技有限公司" in purchases
    principal.screenshot(path=str(artifacts_dir / "finance-disclosure.png"), full_page=True)

    href = principal.get_by_test_id("print-notice").get_attribute("href")
    pdf = principal.request.get(f"{base}{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True
    ).stdout.decode()
    assert "红星实验小学" in text and "财务公开" in text
    printed = "".join(text.split())  # a long name may wrap inside its cell
    missing = [c for c in categories + purchases if c and "".join(c.split()) not in printed]
    assert missing == []
    public_path = principal.get_by_test_id("public-page").get_attribute("href")
    principal.context.close()

    public = browser.new_context(**browser_context_args).new_page()  # nobody signed in
    public.goto(f"{base}{public_path}")
    page = public.get_by_test_id("public-disclosure")
    expect(page).to_contain_text("红星实验小学")
    assert _cells(public, "disclosure-categories") == categories
    assert _cells(public, "disclosure-purchases") == purchases
    public.context.close()
