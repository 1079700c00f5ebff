"""Issue 9 point 8: the pages used on a phone fit a 390 px screen (no sideways scrolling).

The inspection round page was 413 px wide on a 390 px phone. Each phone page is opened as the
person who uses it there; the page must not be wider than the screen, and when it is, the
message names the elements that stick out.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from assets.models import Stocktake
from core.demo import seed_demo_school
from core.models import Room
from safety.models import InspectionTask
from tests.browser.conftest import PHONE
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A mobile browser zooms out a page wider than the screen, and innerWidth grows with it: the
# screen's width is therefore the fixed PHONE width, not what the page reports.
WIDER_THAN_SCREEN = """(width) => {
  const right = (e) => Math.round(e.getBoundingClientRect().right);
  const wide = [...document.querySelectorAll("body *")]
    .filter((e) => right(e) > width)
    .slice(-6)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id} → ${right(e)}px`);
  return {scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth, wide};
}"""


def assert_fits(page: Page, what: str) -> None:
    got = page.evaluate(WIDER_THAN_SCREEN, PHONE["width"])
    wide = max(got["scroll"], got["inner"])
    assert wide <= PHONE["width"], f"{what} is {wide} px wide: {got['wide']}"


def _phone_pages(school) -> dict[str, list[tuple[str, str]]]:
    today = timezone.localdate()
    task = InspectionTask.objects.filter(assignee__username="logistics1", due_date=today).first()
    take = Stocktake.objects.get(school=school)
    lab = Room.objects.get(school=school, name="科学实验室")
    room = Room.objects.filter(school=school).first()
    return {
        "logistics1": [
            ("home", "/"),
            ("my inspections", "/safety/my/"),
            ("inspection round", task.get_absolute_url()),
            ("report a hazard", "/safety/hazards/add/"),
            ("stocktake", f"/assets/stocktakes/{take.pk}/"),
            ("stocktake room walk", f"/assets/stocktakes/{take.pk}/rooms/{lab.pk}/"),
        ],
        "teacher1": [
            ("home", "/"),
            ("report a repair", "/repairs/new/"),
            ("report a repair from a room label", f"/repairs/new/?room={room.pk}"),
            ("my repairs", "/repairs/mine/"),
        ],
        "worker1": [("my jobs", "/repairs/jobs/")],
    }


def test_every_phone_page_fits_a_390px_screen(live_server, browser, browser_context_args):
    school = seed_demo_school()
    problems = []
    for username, pages in _phone_pages(school).items():
        context = browser.new_context(**browser_context_args)
        page = context.new_page()
        log_in(page, live_server.url, username)
        for what, path in pages:
            page.goto(f"{live_server.url}{path}")
            try:
                assert_fits(page, f"{what} ({username}, {path})")
            except AssertionError as exc:
                problems.append(str(exc))
        context.close()
    assert not problems, "\n".join(problems)


CONTRAST = """(selector) => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const lin = (v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    const c = [r, g, b].map(lin);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = (e) => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll(selector)].map((e) => {
    const [a, b] = [lum(rgb(getComputedStyle(e).color)), lum(background(e))];
    return {text: e.textContent.trim(), ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
  });
}"""


def test_the_overdue_badge_is_readable_and_the_rounds_come_in_groups(live_server, page: Page):
    seed_demo_school()
    log_in(page, live_server.url, "logistics1")
    page.goto(f"{live_server.url}/safety/my/")
    groups = page.locator("details.group")
    assert groups.count() > 1
    # One checklist is open (the most urgent), not all 68 rounds of the demo at once.
    assert page.locator("details.group[open]").count() == 1
    shown = page.locator("details.group[open] a.card").count()
    assert 0 < shown < page.locator("a.card").count()
    assert page.locator("details.group").first.locator(".tag.overdue").count() > 0
    for index in range(groups.count()):
        groups.nth(index).evaluate("d => d.open = true")
    badges = page.evaluate(CONTRAST, ".tag.overdue")
    assert badges, "no overdue badge on the page"
    low = [b for b in badges if b["ratio"] < 4.5]  # WCAG AA for normal text
    assert not low, low


def test_a_stocktake_tap_keeps_its_place_marks_the_choice_and_confirming_needs_a_tick(
    live_server, page: Page, browser, browser_context_args
):
    school = seed_demo_school()
    take = Stocktake.objects.get(school=school)
    lab = Room.objects.get(school=school, name="科学实验室")
    log_in(page, live_server.url, "logistics1")
    page.goto(f"{live_server.url}/assets/stocktakes/{take.pk}/rooms/{lab.pk}/")
    lines = page.locator("li.walk-line")
    last = lines.nth(lines.count() - 1)
    line_id = last.get_attribute("id")
    last.scroll_into_view_if_needed()
    with page.expect_navigation():
        last.locator('button[value="damaged"]').click()
    # The page comes back at the line just marked, not at the top.
    assert page.url.endswith(f"#{line_id}")
    marked = page.locator(f"#{line_id}")
    chosen = marked.locator('button[value="damaged"]')
    page.wait_for_function(
        "id => document.getElementById(id).getBoundingClientRect().top < innerHeight", arg=line_id
    )
    assert chosen.get_attribute("aria-pressed") == "true"
    style = chosen.evaluate("b => getComputedStyle(b).outlineStyle")
    assert style == "solid"  # a clear selected mark, not a greyed (disabled-looking) button
    assert marked.locator('button[aria-pressed="true"]').count() == 1
    assert_fits(page, "stocktake room walk after a tap")

    # The director's confirmation rewrites the ledger: one stray tap does nothing.
    director = browser.new_context(**browser_context_args).new_page()
    log_in(director, live_server.url, "director")
    director.goto(f"{live_server.url}/assets/stocktakes/{take.pk}/")
    director.get_by_test_id("confirm-stocktake").click()
    take.refresh_from_db()
    assert take.status == "open"
    director.get_by_test_id("confirm-sure").check()
    with director.expect_navigation():
        director.get_by_test_id("confirm-stocktake").click()
    take.refresh_from_db()
    assert take.status == "confirmed"
    director.context.close()
