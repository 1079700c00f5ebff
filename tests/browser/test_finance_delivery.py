"""验收 → 入库 → 报销 in a browser: an ordered request (made with the models and services: the
requests and purchasing parts are built in parallel); on a phone, 陈晓东 (logistics) accepts it
with 张伟 — more than was ordered is refused first, nothing kept; the two computers appear as
cards in the asset ledger with supplier, price and date, and a card shows its purchase; the
admin records the payment and the budget line shows the money spent, the rest released."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from assets.models import Asset
from core.demo import seed_demo_school
from core.models import User
from finance.choices import RequestStatus
from finance.models import Acceptance, Payment
from tests.browser.test_login_landing import log_in
from tests.finance.factories import line_of
from tests.finance.factories_delivery import ordered

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "is_mobile": False, "has_touch": False}


def _invoice_photo(tmp_path) -> str:
    path = tmp_path / "发票.jpg"
    Image.new("RGB", (900, 600), (245, 245, 240)).save(path, format="JPEG")
    return str(path)


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_two_people_accept_on_a_phone_the_cards_appear_and_the_admin_pays(
    live_server, page: Page, browser, browser_context_args, tmp_path
):
    school = seed_demo_school()
    users = {u.username: u for u in User.objects.filter(school=school)}
    people = {
        "teacher": users["teacher1"],
        "director": users["director"],
        "logistics": users["logistics1"],
    }
    line = line_of(school, amount="50000", name="办公设备购置（测试）")
    request = ordered(
        school,
        people,
        items=[("备课笔记本电脑", "2", "4800.00")],
        line=line,
        title="数学组笔记本电脑",
    )
    base = live_server.url

    # On a phone: the logistics clerk opens the request's delivery and records the acceptance.
    log_in(page, base, "logistics1")
    page.goto(f"{base}/finance/delivery/{request.pk}/")
    with page.expect_navigation():
        page.get_by_test_id("record-acceptance").click()
    _no_sideways_scroll(page)
    item = request.items.get()
    # The requester is not offered as the second acceptor.
    offered = page.locator("#id_second_acceptor option").all_inner_texts()
    assert str(users["teacher1"]) not in offered
    page.locator("#id_second_acceptor").select_option(str(users["teacher2"].pk))
    page.locator("#id_invoice_number").fill("No.33012345")
    page.locator(f"#id_quantity_{item.pk}").fill("3")  # more than was ordered
    with page.expect_navigation():
        page.get_by_test_id("save-acceptance").click()
    expect(page.get_by_test_id("refusal")).to_contain_text("超出了订购数量")
    mine = Acceptance.objects.filter(order__request=request)
    assert not mine.exists() and not Asset.objects.filter(name="备课笔记本电脑").exists()

    page.locator(f"#id_quantity_{item.pk}").fill("2")
    page.locator(f"#id_price_{item.pk}").fill("4700.00")
    page.locator("#id_invoice_file").set_input_files(_invoice_photo(tmp_path))
    with page.expect_navigation():
        page.get_by_test_id("save-acceptance").click()
    expect(page.get_by_test_id("request-status")).to_have_text("已验收")
    cards = list(Asset.objects.filter(name="备课笔记本电脑").order_by("code"))
    assert len(cards) == 2
    expect(page.get_by_test_id("asset-card")).to_have_count(2)
    _no_sideways_scroll(page)
    acceptance = mine.get()
    assert (acceptance.first_acceptor, acceptance.second_acceptor) == (
        users["logistics1"],
        users["teacher2"],
    )

    # The director finds the cards in the asset ledger, with the purchase's facts.
    director = browser.new_context(**{**browser_context_args, **DESKTOP}).new_page()
    log_in(director, base, "director")
    director.goto(f"{base}/assets/assets/?q=备课笔记本电脑")
    rows = director.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("4,700.00")
    expect(rows.first).to_contain_text(timezone.localdate().isoformat())
    with director.expect_navigation():
        director.get_by_role("link", name=cards[0].code).first.click()
    expect(director.locator("main")).to_contain_text(request.order.supplier.name)
    purchase = director.get_by_role("link", name=f"{request.number} 数学组笔记本电脑")
    expect(purchase).to_be_visible()
    with director.expect_navigation():
        purchase.click()
    expect(director.get_by_test_id("lines")).to_contain_text(cards[0].code)

    # The admin records the payment; the budget line shows it spent, the rest released.
    admin = browser.new_context(**{**browser_context_args, **DESKTOP}).new_page()
    log_in(admin, base, "admin")
    admin.goto(f"{base}/finance/delivery/{request.pk}/")
    with admin.expect_navigation():
        admin.get_by_test_id("record-payment").click()
    expect(admin.locator("#id_amount")).to_have_value("9400.00")
    admin.locator("#id_voucher_number").fill("记-TEST-0001")
    with admin.expect_navigation():
        admin.get_by_test_id("save-payment").click()
    expect(admin.get_by_test_id("request-status")).to_have_text("已付款")
    figures = admin.get_by_test_id("budget-line-figures")  # on the request's page
    expect(figures).to_contain_text("9,400.00")  # spent
    expect(admin.get_by_test_id("line-available")).to_have_text("40,600.00")
    payment = Payment.objects.get(order__request=request)
    assert (payment.payer, payment.amount) == (users["admin"], Decimal("9400.00"))
    request.refresh_from_db()
    line.refresh_from_db()
    assert request.status == RequestStatus.PAID
    assert (line.committed, line.spent) == (Decimal("0"), Decimal("9400.00"))
    assert payment.paid_on <= timezone.localdate() < payment.paid_on + dt.timedelta(days=1)
