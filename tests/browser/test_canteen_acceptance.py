"""Goods acceptance on a phone: canteen1 records a bulk-food delivery at the door with two
acceptors and a certificate photo (the same acceptor twice is refused first); the director finds
it in the acceptance ledger and the Excel export holds exactly the rows on the screen."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import Page, expect

from canteen.models import Delivery
from core.demo import seed_demo_school
from core.models import Supplier, User
from tests.browser.test_login_landing import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}


def _certificate(tmp_path) -> str:
    path = tmp_path / "合格证.jpg"
    Image.new("RGB", (800, 600), (230, 220, 200)).save(path, format="JPEG")
    return str(path)


def _fill_line(
    page: Page,
    n: int,
    product: str,
    category: str,
    quantity: str,
    price: str,
    made: dt.date,
    days: int,
) -> None:
    prefix = f"#id_lines-{n}-"
    page.locator(prefix + "product").fill(product)
    page.locator(prefix + "category").select_option(category)
    page.locator(prefix + "quantity").fill(quantity)
    page.locator(prefix + "unit_price").fill(price)
    page.locator(prefix + "production_date").fill(made.isoformat())
    page.locator(prefix + "shelf_life_days").fill(str(days))


def test_a_bulk_delivery_recorded_on_a_phone_is_in_the_directors_ledger_and_its_export(
    live_server, page: Page, browser, browser_context_args, tmp_path
):
    school = seed_demo_school()
    supplier = Supplier.objects.create(
        school=school,
        name="江南粮油",
        licence_number="JY1320106",
        is_bulk_food=True,
        licence_expiry=timezone.localdate() + dt.timedelta(days=300),
    )
    me = User.objects.get(username="canteen1")
    colleague = User.objects.get(username="canteenmgr")
    today = timezone.localdate()
    base = live_server.url

    log_in(page, base, "canteen1")
    page.locator("[data-menu-toggle]").click()
    with page.expect_navigation():
        page.get_by_test_id("nav-daily").get_by_role("link", name="进货验收").click()
    with page.expect_navigation():
        page.get_by_role("link", name="新增").click()
    page.locator("#id_supplier").select_option(str(supplier.pk))
    page.locator("#id_second_acceptor").select_option(str(me.pk))  # the same person: refused
    _fill_line(page, 0, "大米", "rice", "50", "5.40", today - dt.timedelta(days=10), 365)
    _fill_line(page, 1, "菜籽油", "oil", "20", "14.50", today - dt.timedelta(days=30), 540)
    page.locator("#id_certificates").set_input_files(_certificate(tmp_path))
    with page.expect_navigation():
        page.get_by_test_id("save-delivery").click()
    expect(page.locator(".field.has-error")).to_contain_text("两个不同的人")
    assert not Delivery.objects.filter(supplier=supplier).exists()  # nothing half-saved

    page.locator("#id_second_acceptor").select_option(str(colleague.pk))
    page.locator("#id_certificates").set_input_files(_certificate(tmp_path))
    with page.expect_navigation():
        page.get_by_test_id("save-delivery").click()
    expect(page.get_by_test_id("lines")).to_contain_text("大米")
    expect(page.get_by_test_id("lines")).to_contain_text("270.00")  # 50 kg × 5.40
    photo = page.get_by_test_id("documents").locator("img")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") > 0  # served through core.files
    delivery = Delivery.objects.get(supplier=supplier)
    assert (delivery.acceptor, delivery.second_acceptor, delivery.is_bulk) == (me, colleague, True)

    director = browser.new_context(**{**browser_context_args, **DESKTOP}).new_page()
    log_in(director, base, "director")
    director.goto(f"{base}/canteen/deliveries/")
    with director.expect_navigation():
        director.get_by_role("link", name="进货查验台账").first.click()
    director.locator("select[name=supplier]").select_option(str(supplier.pk))
    with director.expect_navigation():
        director.get_by_role("button", name="筛选").click()
    rows = director.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    screen = [
        (cells[2].strip(), Decimal(cells[8].strip().replace(",", "")))
        for cells in (row.locator("td").all_inner_texts() for row in rows.all())
    ]
    with director.expect_download() as info:
        director.get_by_test_id("export-xlsx").click()
    with open(info.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).active
        exported = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    header, *data = exported
    assert header[2] == "品名" and header[8] == "金额"
    assert sorted((row[2], Decimal(str(row[8]))) for row in data) == sorted(screen)
    assert sorted(screen) == [("大米", Decimal("270.00")), ("菜籽油", Decimal("290.00"))]
