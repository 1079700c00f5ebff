"""The strict Content-Security-Policy in a real browser: Swagger, the app's inline-styled pages and
the admin work, and nothing is blocked (the `page` fixture fails on any CSP console report)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from core.demo import seed_demo_school
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_and_the_pages_run_under_the_policy(live_server, page: Page):
    seed_demo_school()
    log_in(page, live_server.url, "director")

    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".opblock-tag").first).to_be_visible(timeout=20_000)

    page.goto(f"{live_server.url}/repairs/new/")
    # The page's nonce'd <style> applied: the fault kinds are pill buttons in a flex row.
    choices = page.locator(".rq-choices div[id], .rq-choices ul").first
    assert choices.evaluate("e => getComputedStyle(e).display") == "flex"

    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_be_visible()


def test_an_injected_inline_script_does_not_run(live_server, browser, browser_context_args):
    seed_demo_school()
    context = browser.new_context(**browser_context_args)  # not `page`: a CSP report is expected
    try:
        page = context.new_page()
        log_in(page, live_server.url, "director")
        reports: list[str] = []
        page.on("console", lambda message: reports.append(message.text))
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.ran = true'; document.body.appendChild(s); }"
        )
        assert page.evaluate("() => window.ran === undefined")
        assert any("Content Security Policy" in text for text in reports)
    finally:
        context.close()
