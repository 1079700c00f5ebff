"""The ledger's main journey on a phone: register an asset, lend it, find the loan, walk a room."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from assets.models import Asset, AssetCategory, Stocktake
from core.demo import seed_demo_school
from core.models import Room, User
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_logistics_registers_lends_and_walks_a_stocktake_room(
    live_server, page: Page, artifacts_dir
):
    school = seed_demo_school()
    category = AssetCategory.objects.get(school=school, code="2102")
    teacher = User.objects.get(username="teacher1")
    lab = Room.objects.get(school=school, name="科学实验室")
    log_in(page, live_server.url, "logistics1")

    # Register a camera: the code is generated from category + year + sequence.
    page.goto(f"{live_server.url}/assets/assets/add/")
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_name").fill("运动相机")
    page.locator("#id_unit_price").fill("2999")
    page.locator("#id_purchase_date").fill("2025-09-01")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    camera = Asset.objects.get(school=school, name="运动相机")
    assert camera.code.startswith("2102-2025-")
    expect(page.locator("h1")).to_contain_text(camera.code)
    expect(page.get_by_test_id("report-repair")).to_have_attribute(
        "href", f"/repairs/new/?asset={camera.pk}"
    )

    # Lend it to teacher1 for a week.
    page.get_by_test_id("lend").click()
    page.locator("#id_to_custodian").select_option(str(teacher.pk))
    page.locator("#id_due_date").fill((dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.locator("#id_reason").fill("春游拍照")
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()
    expect(page.get_by_test_id("asset-status")).to_have_text(
        camera.__class__.objects.get(pk=camera.pk).get_status_display()
    )
    camera.refresh_from_db()
    assert camera.status == "lent" and camera.custodian == teacher

    # The open loans list shows it; the demo's overdue camera is in the overdue list.
    page.goto(f"{live_server.url}/assets/movements/?open_loans=true")
    expect(page.locator("table.list")).to_contain_text(camera.code)
    page.goto(f"{live_server.url}/assets/loans/overdue/")
    expect(page.locator("table.list")).to_contain_text("数码相机")

    # Walk the science lab of the demo's stocktake on the phone: tick the first listed asset.
    take = Stocktake.objects.get(school=school)
    page.goto(f"{live_server.url}/assets/stocktakes/{take.pk}/")
    page.get_by_test_id("stocktake-rooms").locator("a").first.click()
    expect(page).to_have_url(f"{live_server.url}/assets/stocktakes/{take.pk}/rooms/{lab.pk}/")
    pending = page.locator('li.walk-line[data-result="pending"]')
    before = pending.count()
    assert before > 0
    found = pending.first.locator('button[value="found"]')
    expect(found).to_be_in_viewport()
    with page.expect_navigation():
        found.click()
    expect(page.locator('li.walk-line[data-result="pending"]')).to_have_count(before - 1)
    page.screenshot(path=str(artifacts_dir / "assets-stocktake-walk-phone.png"), full_page=True)
