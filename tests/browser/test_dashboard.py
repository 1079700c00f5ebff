"""Issue 10 point 2 in a browser: the principal's dashboard, the director's to-do, a teacher's menu.

The metrics are the registry's (core.metrics); this journey registers one of its own (rooms, with a
breakdown by building) so it does not depend on which modules' figures exist.
"""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.urls import reverse
from playwright.sync_api import Page, expect

from core import metrics
from core.demo import seed_demo_school
from core.models import Room
from tests.browser.test_login_landing import log_in
from tests.browser.test_phone_layout import assert_fits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
    "viewport": {"width": 1280, "height": 900},
}


def _by_building(school_id, period):
    rows = (
        Room.objects.filter(school_id=school_id)
        .values_list("building__name", "building_id")
        .annotate(n=Count("pk"))
        .order_by("building__name")
    )
    return [(name, n, reverse("core:room_list") + f"?building={pk}") for name, pk, n in rows]


def _rooms_trend(school_id, period):
    """A trend in one query (the dashboard draws trends only for such metrics): today's count."""
    count = Room.objects.filter(school_id=school_id).count()
    return {month.code: count for month in period.months()}


ROOMS = metrics.Metric(
    "core.browser_rooms",
    "Rooms",
    "rooms",
    metrics.HIGHER,
    "core",
    lambda ids, p: metrics.count_by_school(Room.objects.filter(school_id__in=ids), ids),
    link=lambda period: reverse("core:room_list"),
    model="core.Room",
    breakdowns=(("building", "By building", _by_building),),
    monthly=lambda school_id, period: _rooms_trend(school_id, period),
)


@pytest.fixture
def rooms_metric():
    metrics.register(ROOMS)
    yield ROOMS
    metrics._REGISTRY.pop(ROOMS.key, None)


def _desktop(browser) -> tuple[Page, list[str]]:
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return page, problems


def test_the_principal_reads_the_dashboard_changes_the_period_and_opens_a_figure(
    live_server, browser, rooms_metric
):
    seed_demo_school()
    page, problems = _desktop(browser)
    log_in(page, live_server.url, "principal")
    page.goto(f"{live_server.url}/dashboard/")
    figure = page.get_by_test_id("figure-core-browser_rooms")
    expect(figure).to_be_visible()
    # ECharts drew the trend and the breakdown (canvas inside each chart box).
    expect(figure.locator("[data-chart=trend] canvas").first).to_be_visible()
    expect(figure.locator("[data-chart=bar] canvas").first).to_be_visible()
    with page.expect_navigation():
        page.locator("#period").select_option(index=1)  # the month before: autosubmit
    assert "period=" in page.url
    expect(page.get_by_test_id("period-error")).to_have_count(0)
    shown = int(page.get_by_test_id("value-core-browser_rooms").inner_text())
    with page.expect_navigation():
        page.get_by_test_id("figure-link-core-browser_rooms").click()
    assert page.url.endswith("/places/rooms/")
    assert shown > 0 and page.locator("table tbody tr").count() == shown
    page.goto(f"{live_server.url}/dashboard/?period=2999-01")
    expect(page.get_by_test_id("period-error")).to_contain_text("显示的是本月")
    assert not problems, problems
    page.context.close()


def test_the_director_sees_their_to_do_and_opens_one(live_server, browser):
    seed_demo_school()
    page, problems = _desktop(browser)
    log_in(page, live_server.url, "director")
    item = page.get_by_test_id("todo-repairs.to_accept")
    expect(item).to_be_visible()
    counted = int(page.get_by_test_id("todo-count-repairs.to_accept").inner_text())
    assert counted > 0  # the demo has requests waiting
    with page.expect_navigation():
        item.click()
    assert "status=submitted" in page.url
    rows = page.locator("[data-testid=repair-board] tbody tr:not(:has(td.empty))")
    assert rows.count() == counted
    # On a desktop the menu shows every module in a side column, the board's filters are open.
    expect(page.locator("[data-nav-more]")).to_have_attribute("open", "")
    expect(page.locator("[data-filters]")).to_have_attribute("open", "")
    assert not problems, problems
    page.context.close()


def test_a_teacher_on_a_phone_sees_a_short_menu(live_server, page: Page):
    seed_demo_school()
    log_in(page, live_server.url, "teacher1")
    page.locator("[data-menu-toggle]").click()
    links = page.locator("#mainnav a:visible")
    expect(links.first).to_be_visible()
    daily = links.count()
    assert daily <= 6, links.all_inner_texts()
    assert_fits(page, "the teacher's home with the menu open")
    page.locator("[data-nav-more] > summary").click()
    assert page.locator("#mainnav a:visible").count() > daily  # the rest was folded away
    assert_fits(page, "the teacher's menu unfolded")
