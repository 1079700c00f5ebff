"""The week's menu on a phone: canteen1 builds next week's menu (a banned dish is refused on
screen with its reason) and submits it; the director approves it; the public page (no login)
shows it; the printed PDF's text has the dishes the screen shows, day by day."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from canteen.choices import MenuStatus
from canteen.models import Dish, WeeklyMenu
from core.demo import seed_demo_school
from tests.browser.test_login_landing import log_in
from tests.browser.test_phone_layout import assert_fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _add(page: Page, slot: str, dish: str) -> None:
    box = page.get_by_test_id(f"slot-{slot}")
    box.locator("select[name=dish]").select_option(label=dish)
    with page.expect_navigation():
        box.get_by_role("button", name="新增").click()


def _open_weekly_menus(page: Page) -> None:
    page.locator("[data-menu-toggle]").click()
    with page.expect_navigation():
        page.get_by_test_id("nav-daily").get_by_role("link", name="每周食谱").click()


def test_the_kitchen_builds_a_week_the_director_publishes_it_the_public_reads_it(
    live_server, page: Page, browser, browser_context_args, artifacts_dir
):
    school = seed_demo_school()
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.isoweekday() - 1) + dt.timedelta(days=7)
    WeeklyMenu.objects.filter(school=school, week_start=monday).delete()  # the demo's next week
    base = live_server.url

    log_in(page, base, "canteen1")
    _open_weekly_menus(page)
    with page.expect_navigation():
        page.get_by_role("link", name="新增").click()
    page.locator("#id_week_start").fill(f"{monday + dt.timedelta(days=2):%Y-%m-%d}")  # a Wednesday
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field.has-error .error")).to_contain_text(f"{monday:%Y-%m-%d}")
    page.locator("#id_week_start").fill(f"{monday:%Y-%m-%d}")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    expect(page.get_by_test_id("menu-status")).to_have_text("草稿")

    monday_lunch = f"{monday:%Y-%m-%d}-lunch"
    _add(page, monday_lunch, "干煸四季豆")
    error = page.get_by_test_id(f"slot-{monday_lunch}").get_by_test_id("add-error")
    expect(error).to_contain_text("四季豆")
    expect(error).to_contain_text("皂素")
    expect(page.get_by_test_id(f"slot-{monday_lunch}").get_by_test_id("dish")).to_have_count(0)
    page.screenshot(path=str(artifacts_dir / "canteen-menu-banned-phone.png"), full_page=True)
    assert_fits(page, "the weekly menu editor")

    week = {
        monday_lunch: ["白米饭", "红烧鸡块", "清炒西兰花"],
        f"{monday:%Y-%m-%d}-breakfast": ["小米粥", "水煮鸡蛋"],
        f"{monday + dt.timedelta(days=1):%Y-%m-%d}-lunch": ["杂粮饭", "番茄牛腩"],
    }
    for slot, dishes in week.items():
        for dish in dishes:
            _add(page, slot, dish)
    for slot, dishes in week.items():
        expect(page.get_by_test_id(f"slot-{slot}").get_by_test_id("dish")).to_have_count(
            len(dishes)
        )
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("menu-status")).to_have_text("待审批")
    menu = WeeklyMenu.objects.get(school=school, week_start=monday)
    assert menu.status == MenuStatus.SUBMITTED

    director = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 900}, "is_mobile": False}
    ).new_page()
    log_in(director, base, "director")
    with director.expect_navigation():
        director.get_by_test_id("todo-canteen.menus_to_approve").click()
    with director.expect_navigation():
        director.get_by_role("link", name=f"{monday:%Y-%m-%d}").first.click()
    with director.expect_navigation():
        director.get_by_test_id("approve").click()
    expect(director.get_by_test_id("menu-status")).to_have_text("已发布")
    screen = {
        slot: [
            name.strip()
            for name in director.get_by_test_id(f"slot-{slot}")
            .get_by_test_id("dish")
            .all_inner_texts()
        ]
        for slot in week
    }
    assert {slot: sorted(names) for slot, names in screen.items()} == {
        slot: sorted(names) for slot, names in week.items()
    }
    href = director.get_by_test_id("print-menu").get_attribute("href")
    pdf = director.request.get(f"{base}{href}")
    assert pdf.headers["content-type"] == "application/pdf"
    done = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True
    )
    text = done.stdout.decode()
    assert "红星实验小学" in text
    on_screen = {name for names in screen.values() for name in names}
    library = set(Dish.objects.filter(school=school).values_list("name", flat=True))
    # Every dish the screen shows is printed, and no other dish of the library (whole cells:
    # the demo's 米饭 is inside 白米饭).
    printed = set(text.split())
    assert {name for name in library if name in printed} == on_screen
    director.context.close()

    public = browser.new_context(**browser_context_args).new_page()  # nobody signed in
    public.goto(f"{base}/canteen/menu/hongxing/")
    day = public.get_by_test_id(f"public-day-{monday:%Y-%m-%d}")
    for name in week[monday_lunch] + week[f"{monday:%Y-%m-%d}-breakfast"]:
        expect(day).to_contain_text(name)
    expect(public.get_by_test_id("public-menu")).not_to_contain_text("孙")  # not the cook's name
    assert_fits(public, "the public menu")
    public.context.close()
