"""The hygiene journey on a phone (390 px): canteen1 does today's morning check (one tap for a
fit person; the one whose certificate expired cannot be passed fit and is recorded unfit) and
logs a disinfection batch that falls short, then its re-disinfection; the principal logs 陪餐
with a problem; the canteen manager records how it was dealt with."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from canteen.models import AccompaniedMeal, DisinfectionBatch, MorningCheck, StaffMember
from canteen.selectors import served_meals
from core.demo import seed_demo_school
from tests.browser.test_login_landing import log_in
from tests.browser.test_safety import as_user
from tests.canteen.factories_hygiene import serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tap(page: Page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def test_morning_check_disinfection_and_a_problem_found_at_peican(
    live_server, page: Page, browser, browser_context_args, artifacts_dir
):
    school = seed_demo_school()
    today = timezone.localdate()
    serve(school, day=today, meals=("breakfast", "lunch"))
    served = bool(served_meals([school.pk], today)[school.pk])
    base = live_server.url
    chef = StaffMember.objects.get(school=school, name="孙丽")
    expired = StaffMember.objects.get(school=school, name="郑大勇")

    # Canteen staff: the home page's to-do opens the morning check; one tap passes a person.
    log_in(page, base, "canteen1")
    if served:
        _tap(page, page.get_by_test_id("todo-canteen.morning_check_due"))
    else:
        page.goto(f"{base}/canteen/morning-checks/today/")
    _tap(page, page.get_by_test_id(f"staff-{chef.pk}").get_by_test_id("fit"))
    expect(page.get_by_test_id(f"staff-{chef.pk}").get_by_test_id("result")).to_contain_text("合格")
    card = page.get_by_test_id(f"staff-{expired.pk}")
    expect(card.get_by_test_id("no-certificate")).to_be_visible()
    expect(card.get_by_test_id("fit")).to_have_count(0)  # an expired certificate: no "fit" tap
    _tap(page, card.get_by_test_id("unfit"))
    page.locator("input[name=reason][value=skin]").check()
    page.locator("input[name=action][value=moved]").check()
    _tap(page, page.get_by_test_id("save-unfit"))
    expect(page.get_by_test_id(f"staff-{expired.pk}").get_by_test_id("result")).to_contain_text(
        "调离"
    )
    page.screenshot(path=str(artifacts_dir / "canteen-morning-check-phone.png"), full_page=True)
    assert MorningCheck.objects.get(staff=chef, day=today).fit
    assert MorningCheck.objects.get(staff=expired, day=today).reason == "skin"

    # A disinfection batch from today's page: 110 °C in the 120 °C cabinet is saved flagged.
    if served:
        page.goto(f"{base}/canteen/hygiene/today/")
        _tap(page, page.get_by_test_id("disinfect-lunch"))
    else:
        page.goto(f"{base}/canteen/disinfection/add/?meal=lunch")
    page.locator("select[name=method]").select_option(label="红外线消毒柜")
    page.locator("input[name=temperature_c]").fill("110")
    page.locator("input[name=minutes]").fill("15")
    page.locator("select[name=operator]").select_option(label="郑大勇")
    _tap(page, page.locator("form.form button[type=submit]"))
    expect(page.get_by_test_id("batch-open")).to_be_visible()
    low = DisinfectionBatch.objects.get(day=today, meal="lunch")
    assert low.below_minimum and low.is_open
    _tap(page, page.get_by_test_id("redo"))
    page.locator("input[name=temperature_c]").fill("125")
    page.locator("input[name=minutes]").fill("15")
    page.locator("select[name=operator]").select_option(label="郑大勇")
    _tap(page, page.locator("form.form button[type=submit]"))
    expect(page.get_by_test_id("batch-open")).to_have_count(0)
    low.refresh_from_db()
    assert not low.is_open

    # The principal logs 陪餐 at lunch with a problem.
    leader = as_user(browser, browser_context_args, base, "principal")
    if served:
        _tap(leader, leader.get_by_test_id("todo-canteen.accompanied_due"))
        _tap(leader, leader.get_by_test_id("accompany-lunch"))
    else:
        leader.goto(f"{base}/canteen/accompanied-meals/add/?meal=lunch")
    leader.locator("input[name=taste]").fill("偏咸")
    leader.locator("input[name=hygiene]").fill("餐具洁净")
    leader.locator("input[name=portion]").fill("适中")
    leader.locator("textarea[name=problems]").fill("汤里发现一根头发")
    _tap(leader, leader.locator("form.form button[type=submit]"))
    expect(leader.get_by_test_id("meal-status")).to_have_text("问题待处理")
    expect(leader.get_by_test_id("resolve-form")).to_have_count(0)  # the canteen closes it
    meal = AccompaniedMeal.objects.get(day=today, kind="leader")

    # The canteen manager: the to-do lists the open problem; record how it was dealt with.
    manager = as_user(browser, browser_context_args, base, "canteenmgr")
    _tap(manager, manager.get_by_test_id("todo-canteen.meal_problems_open"))
    _tap(manager, manager.locator(f'a[href="/canteen/accompanied-meals/{meal.pk}/"]').first)
    manager.get_by_test_id("resolve-form").locator("textarea[name=note]").fill(
        "已约谈厨师，要求操作时佩戴工作帽"
    )
    _tap(manager, manager.get_by_test_id("resolve"))
    expect(manager.get_by_test_id("meal-status")).to_have_text("已处理")
    manager.screenshot(
        path=str(artifacts_dir / "canteen-peican-resolved-phone.png"), full_page=True
    )
    meal.refresh_from_db()
    assert (meal.status, meal.resolved_by.username) == ("resolved", "canteenmgr")
    leader.context.close()
    manager.context.close()
