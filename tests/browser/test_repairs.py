"""The repair journey on real pages: a teacher files from a phone with a photo, the office
accepts and assigns, the worker marks it done, the teacher confirms with five stars."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from core.demo import seed_demo_school
from core.models import User
from repairs.choices import Status
from repairs.models import RepairRequest
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NUMBER = re.compile(r"BX-\d{8}-\d{4}")


def switch_user(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, base_url, username)


def open_step(page: Page, name: str) -> None:
    step = page.get_by_test_id(f"step-{name}")
    if step.get_attribute("open") is None:
        step.locator("summary").click()


def test_file_dispatch_finish_and_rate_a_repair(live_server, page: Page, tmp_path, artifacts_dir):
    seed_demo_school()
    photo = tmp_path / "leak.jpg"
    Image.new("RGB", (1600, 1200), (90, 140, 200)).save(photo, format="JPEG")
    worker = User.objects.get(username="worker1")

    # 1. teacher1 on a phone: the filing form.
    log_in(page, live_server.url, "teacher1")
    page.goto(f"{live_server.url}/repairs/new/")
    page.locator("#id_room").select_option(index=1)
    page.locator("input[name=category][value=plumbing]").check()
    page.locator("#id_description").fill("三楼女厕洗手池下水管漏水，地面有积水")
    page.locator("input[name=urgency][value=urgent]").check()
    page.locator("#id_photos").set_input_files(str(photo))
    with page.expect_navigation():
        page.get_by_test_id("file-request").click()
    number = page.get_by_test_id("request-number")
    expect(number).to_have_text(NUMBER)
    filed = RepairRequest.objects.get(number=number.inner_text())
    assert filed.photos.count() == 1
    assert filed.priority == "urgent"
    page.screenshot(path=str(artifacts_dir / "repair-filed-phone.png"), full_page=True)

    # 2. logistics1 accepts (by assigning) to worker1.
    switch_user(page, live_server.url, "logistics1")
    page.goto(f"{live_server.url}{filed.get_absolute_url()}")
    open_step(page, "accept")
    with page.expect_navigation():
        page.get_by_test_id("do-accept").click()
    expect(page.get_by_test_id("request-owner")).to_contain_text("陈晓东")
    open_step(page, "assign")
    page.locator("#id_assign-assignee").select_option(str(worker.pk))
    with page.expect_navigation():
        page.get_by_test_id("do-assign").click()
    expect(page.get_by_test_id("request-assignee")).to_contain_text("赵师傅")

    # 3. worker1 finds it in "my jobs" on the phone and marks it done.
    switch_user(page, live_server.url, "worker1")
    page.goto(f"{live_server.url}/repairs/jobs/")
    jobs = page.get_by_test_id("my-jobs")
    expect(jobs).to_contain_text(filed.number)
    jobs.get_by_role("link", name=filed.number).click()
    open_step(page, "finish")
    with page.expect_navigation():
        page.get_by_test_id("do-finish").click()
    filed.refresh_from_db()
    assert filed.status == Status.DONE

    # 4. teacher1 confirms and rates it 5.
    switch_user(page, live_server.url, "teacher1")
    page.goto(f"{live_server.url}/repairs/mine/")
    page.get_by_test_id("my-requests").get_by_role("link", name=filed.number).click()
    open_step(page, "confirm")
    page.locator("input[name=confirm-rating][value='5']").check()
    page.locator("#id_confirm-comment").fill("师傅来得很快，谢谢")
    with page.expect_navigation():
        page.get_by_test_id("do-confirm").click()
    expect(page.get_by_test_id("request-rating")).to_contain_text("5/5")
    filed.refresh_from_db()
    assert (filed.status, filed.rating) == (Status.CONFIRMED, 5)
    assert list(filed.events.values_list("kind", flat=True)) == [
        "submitted",
        "accepted",
        "assigned",
        "done",
        "confirmed",
    ]
