"""The first minutes of a real user: log in through the form, land on the right page, in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from core.demo import DEMO_PASSWORD, seed_demo_school

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CJK = re.compile(r"[\u4e00-\u9fff]")


def zh_catalog_compiled() -> bool:
    return any(
        (path / "zh_Hans" / "LC_MESSAGES" / "django.mo").exists()
        for path in map(Path, settings.LOCALE_PATHS)
    )


def log_in(page: Page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Fill the real login form (django-axes authenticates with the request)."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()


def test_teacher_lands_on_home_with_report_repair_first(live_server, page: Page, artifacts_dir):
    seed_demo_school()

    log_in(page, live_server.url, "teacher1")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    card = page.get_by_test_id("report-repair")
    expect(card).to_be_visible()
    expect(card).to_be_in_viewport()  # on a phone, without scrolling
    expect(page.locator(".cards > .card").first).to_have_attribute("data-testid", "report-repair")
    if zh_catalog_compiled():
        expect(card).to_contain_text(CJK)
    shot = artifacts_dir / "teacher-home-phone.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0


def test_wrong_password_shows_error_and_stays_on_login(live_server, page: Page):
    seed_demo_school()

    log_in(page, live_server.url, "teacher1", "not-the-password")

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value("teacher1")
    expect(page.locator("[data-menu-toggle]")).to_have_count(0)  # still anonymous


def test_footer_language_switch_to_english(live_server, page: Page):
    seed_demo_school()
    log_in(page, live_server.url, "teacher1")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    with page.expect_navigation():
        page.locator("select#language").select_option("en")  # data-autosubmit submits the form

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("report-repair")).to_contain_text("Report a repair")
    page.reload()  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("select#language")).to_have_value("en")


def test_phone_menu_toggle_opens_navigation(live_server, page: Page):
    seed_demo_school()
    log_in(page, live_server.url, "logistics1")
    toggle = page.locator("[data-menu-toggle]")
    nav = page.locator("#mainnav")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()

    toggle.click()

    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    rooms = nav.locator('a[href="/places/rooms/"]')
    # Daily entries first; the other modules (rooms among them) fold under 全部模块 on a phone.
    expect(rooms).to_be_hidden()
    nav.locator("[data-nav-more] > summary").click()
    expect(rooms).to_be_visible()
    with page.expect_navigation() as navigation:
        rooms.click()
    assert navigation.value is not None
    assert navigation.value.status == 200
    expect(page).to_have_url(f"{live_server.url}/places/rooms/")
