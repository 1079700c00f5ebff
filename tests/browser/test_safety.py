"""A round on a phone: logistics1 fails an item with a note, a hazard appears; worker1 handles it
and the director accepts it (the handler never accepts their own work)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.demo import seed_demo_school
from core.models import User
from safety.choices import HazardStatus
from safety.models import Hazard, InspectionTask
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def as_user(browser, browser_context_args, base_url: str, username: str) -> Page:
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, base_url, username)
    return page


def test_failed_item_becomes_a_hazard_handled_then_accepted(
    live_server, page: Page, browser, browser_context_args, artifacts_dir
):
    seed_demo_school()
    task = InspectionTask.objects.filter(
        template__name="日常安全巡查",
        assignee__username="logistics1",
        due_date=timezone.localdate(),
    ).first()
    if task is None:
        task = InspectionTask.objects.filter(
            template__name="每日防火巡查", due_date=timezone.localdate()
        ).first()
    base = live_server.url
    # The first item whose failure needs no photo (phones in CI have no camera).
    number = next(
        n
        for n, entry in enumerate(task.template.items.order_by("position", "pk"), start=1)
        if not entry.photo_required_on_failure
    )

    log_in(page, base, "logistics1")
    page.goto(f"{base}/safety/my/")
    card = page.get_by_test_id(f"task-{task.pk}")
    if not card.is_visible():  # rounds come grouped by checklist; open the round's group
        page.locator("details.group", has=card).locator("summary").click()
    expect(card).to_be_visible()
    with page.expect_navigation():
        card.click()
    first = page.get_by_test_id(f"item-{number}")
    first.locator("input[value=fail]").check()
    first.locator("textarea[name=note]").fill("后门玻璃有裂纹，需要更换")
    with page.expect_navigation():
        first.locator("button[type=submit]").click()
    link = page.get_by_test_id(f"item-{number}").get_by_test_id("hazard-link")
    expect(link).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "safety-round-phone.png"), full_page=True)
    with page.expect_navigation():
        link.click()
    expect(page.get_by_test_id("hazard-workflow")).to_be_visible()
    hazard = Hazard.objects.get(source_answer__task=task)
    assert hazard.status == HazardStatus.FOUND
    assert "后门玻璃有裂纹" in hazard.description

    worker = User.objects.get(username="worker1")
    director_page = as_user(browser, browser_context_args, base, "director")
    director_page.goto(f"{base}{hazard.get_absolute_url()}")
    form = director_page.get_by_test_id("assign-form")
    form.locator("select[name=responsible]").select_option(str(worker.pk))
    deadline = timezone.localdate() + dt.timedelta(days=3)
    form.locator("input[name=deadline]").fill(deadline.isoformat())
    with director_page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(director_page.get_by_test_id("accept")).to_have_count(0)  # nothing handled yet

    worker_page = as_user(browser, browser_context_args, base, "worker1")
    worker_page.goto(f"{base}{hazard.get_absolute_url()}")
    handle = worker_page.get_by_test_id("handle-form")
    handle.locator("textarea[name=note]").fill("已更换后门玻璃")
    with worker_page.expect_navigation():
        handle.locator("button[type=submit]").click()
    expect(worker_page.get_by_test_id("accept")).to_have_count(0)  # workers do not accept

    director_page.reload()
    with director_page.expect_navigation():
        director_page.get_by_test_id("accept").click()
    expect(director_page.get_by_test_id("accept")).to_have_count(0)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.ACCEPTED
    assert (hazard.handler.username, hazard.accepted_by.username) == ("worker1", "director")
    director_page.context.close()
    worker_page.context.close()
