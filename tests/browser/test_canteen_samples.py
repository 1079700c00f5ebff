"""Canteen staff on a phone (390 px): the home page says samples are missing for the meal just
served; one tap opens the meal, one dish is recorded with its weight, "record all" does the rest,
and the labels print as a PDF."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from canteen.models import CanteenSettings, FoodSample
from canteen.selectors import served_meals
from core.choices import HolidayKind
from core.demo import seed_demo_school
from core.models import Holiday, User
from tests.browser.test_login_landing import log_in
from tests.canteen.factories_samples import FridgeFactory, served_meal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _lunch_just_served(school):
    today = timezone.localdate()
    if today.weekday() >= 5:
        Holiday.objects.create(
            school=school, name="调休", kind=HolidayKind.MAKE_UP, start=today, end=today
        )
    # Lunch at 00:00 and nothing else: whatever the hour, it is the meal just served.
    CanteenSettings.objects.update_or_create(
        school=school,
        defaults={"serves_breakfast": False, "serves_dinner": False, "lunch_at": dt.time(0, 0)},
    )
    served_meal(school, day=today, dishes=3)
    # The menu of today's lunch (the demo's menus may list more dishes than these three).
    lunch = served_meals([school.pk], today)[school.pk][0]
    return [dish_id for dish_id, _name in lunch.dishes], [name for _id, name in lunch.dishes]


def test_canteen_staff_records_the_meals_samples_and_prints_the_labels(live_server, page: Page):
    seed_demo_school()
    staff = User.objects.get(username="canteen1")
    dishes, names = _lunch_just_served(staff.school)
    assert not FoodSample.objects.filter(school=staff.school, day=timezone.localdate()).exists()
    FridgeFactory(school=staff.school, number="LY-09", name="留样冰箱（备用）")
    base = live_server.url

    log_in(page, base, "canteen1")
    item = page.get_by_test_id("todo-canteen.samples_missing")
    expect(page.get_by_test_id("todo-count-canteen.samples_missing")).to_have_text(str(len(dishes)))
    with page.expect_navigation():
        item.click()
    expect(page.get_by_test_id("meal-head")).to_contain_text("午餐")

    card = page.get_by_test_id(f"dish-{dishes[1]}")
    card.locator("input[name=weight_grams]").fill("130")
    with page.expect_navigation():
        card.get_by_role("button", name=re.compile("记录留样")).click()
    expect(page.locator(".messages")).to_contain_text("130")
    expect(page.get_by_test_id(f"dish-{dishes[1]}").get_by_test_id("recorded")).to_contain_text(
        "130 g"
    )

    rest = page.locator(".record-all")
    rest.locator("input[name=weight_grams]").fill("150")
    with page.expect_navigation():
        rest.get_by_role("button", name=re.compile("记录其余")).click()
    for dish in dishes:
        expect(page.get_by_test_id(f"dish-{dish}").get_by_test_id("recorded")).to_be_visible()
    assert set(
        FoodSample.objects.filter(school=staff.school).values_list("sampler", flat=True)
    ) == {staff.pk}

    # Nothing is missing any more on the home page.
    page.goto(f"{base}/")
    expect(page.get_by_test_id("todo-count-canteen.samples_missing")).to_have_text("0")
    page.go_back()

    # The button's PDF, fetched with the page's session (headless Chromium has no PDF viewer).
    href = page.get_by_test_id("print-labels").get_attribute("href")
    assert "??" not in href and "meal=lunch" in href
    response = page.request.get(f"{base}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    for name in names:
        assert name in text
    assert staff.last_name in text
