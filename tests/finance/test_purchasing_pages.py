"""The purchasing pages as a person uses them: the request's panel (quotes, grades, lowest
marked), the quote form (grades shown, blacklisted refused), the order form (reason when not
the lowest), the order list with its filter and export, and refusals as 4xx with nothing saved."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from core.models import Supplier
from finance.choices import RequestStatus
from finance.models import PurchaseOrder, Quote
from finance.views.purchasing import purchasing_context
from tests.factories import SchoolFactory
from tests.finance.factories import office, supplier_of
from tests.finance.factories_purchasing import approved_request, graded_supplier, quote_of
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    school = SchoolFactory()
    people = office(school)
    request = approved_request(school, requester=people["teacher"], price="3000.00")
    client = Client()
    client.force_login(people["logistics"])
    return school, people, request, client


def _text(response) -> str:
    return response.content.decode()


def test_the_panel_shows_quotes_grades_and_the_lowest(setup):
    school, people, request, client = setup
    good = graded_supplier(school, "A", name="优选办公")
    quote_of(request, "2800.00", good)
    quote_of(request, "2950.00", graded_supplier(school, "C", name="普通商贸"))
    page = client.get(reverse("finance:purchasing_request", args=[request.pk]))
    assert page.status_code == 200
    html = _text(page)
    assert "优选办公" in html and "普通商贸" in html and "2,800.00" in html
    lowest = page.context["purchasing"]["quotes"][0]
    assert lowest.lowest and lowest.grade[1] == "A"
    assert not page.context["purchasing"]["quotes"][1].lowest
    assert html.count('data-testid="lowest"') == 1
    assert "登记报价" in html and "下单" in html
    # The requester reads the panel without the buttons.
    teacher = Client()
    teacher.force_login(people["teacher"])
    html = _text(teacher.get(reverse("finance:purchasing_request", args=[request.pk])))
    assert "优选办公" in html and 'data-testid="add-quote"' not in html


def test_the_context_helper_costs_a_fixed_number_of_queries(setup):
    school, people, request, _client = setup
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    quote_of(request, "2800.00")
    purchasing_context(people["logistics"], request)  # the school's settings row is made once
    with CaptureQueriesContext(connection) as few:
        purchasing_context(people["logistics"], request)
    for amount in ("2900", "3000", "3100", "3200"):
        quote_of(request, amount, graded_supplier(school))
    with CaptureQueriesContext(connection) as many:
        purchasing_context(people["logistics"], request)
    assert len(many) == len(few)


def test_the_quote_form_lists_grades_and_refuses_a_blacklisted_supplier(setup):
    school, _people, request, client = setup
    graded_supplier(school, "B", name="诚信电器")
    banned = supplier_of(school, name="劣质商贸", is_blacklisted=True, blacklist_reason="以次充好")
    url = reverse("finance:purchasing_quote_add", args=[request.pk])
    form = _text(client.get(url))
    assert "诚信电器 · 评级 B" in form and "劣质商贸 · 已列入黑名单" in form
    refused = client.post(url, {"supplier": banned.pk, "amount": "2900", "quoted_on": "2026-01-05"})
    assert refused.status_code == 400
    assert "劣质商贸 已列入黑名单（以次充好）" in _text(refused)
    assert not Quote.objects.exists()


@pytest.mark.parametrize(("amount", "message"), [("0", "金额必须大于零"), ("12.345", "两位小数")])
def test_a_bad_quote_amount_is_a_400_with_the_reason(setup, amount, message):
    school, _people, request, client = setup
    url = reverse("finance:purchasing_quote_add", args=[request.pk])
    data = {"supplier": supplier_of(school).pk, "amount": amount, "quoted_on": "2026-01-05"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in _text(response)
    assert not Quote.objects.exists()


def test_a_quote_is_recorded_and_removed_through_the_pages(setup):
    school, _people, request, client = setup
    supplier = supplier_of(school)
    url = reverse("finance:purchasing_quote_add", args=[request.pk])
    saved = client.post(url, {"supplier": supplier.pk, "amount": "2999.99", "quoted_on": ""})
    assert saved.status_code == 400  # the date is required on the page
    day = "2026-01-05"
    saved = client.post(url, {"supplier": supplier.pk, "amount": "2999.99", "quoted_on": day})
    assert saved.status_code == 302
    quote = Quote.objects.get(request=request)
    assert quote.amount == Decimal("2999.99")
    remove = reverse("finance:purchasing_quote_remove", args=[request.pk, quote.pk])
    assert client.post(remove).status_code == 302
    assert not Quote.objects.exists()


def test_the_order_page_needs_a_reason_for_a_quote_that_is_not_the_lowest(setup):
    _school, _people, request, client = setup
    quotes = [quote_of(request, a) for a in ("2800.00", "2950.00", "3100.00")]
    url = reverse("finance:purchasing_order", args=[request.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"quote": quotes[1].pk, "reason": ""})
    assert refused.status_code == 400
    assert "不是最低价" in _text(refused)
    assert not PurchaseOrder.objects.exists()
    placed = client.post(url, {"quote": quotes[1].pk, "reason": "售后服务在本区"})
    assert placed.status_code == 302
    order = PurchaseOrder.objects.get()
    assert placed["Location"] == reverse("finance:purchaseorder_detail", args=[order.pk])
    detail = _text(client.get(placed["Location"]))
    assert order.number in detail and "售后服务在本区" in detail


def test_too_few_quotes_and_public_procurement_are_refused_on_the_page(setup):
    _school, _people, request, client = setup
    first = quote_of(request, "2800.00")
    url = reverse("finance:purchasing_order", args=[request.pk])
    refused = client.post(url, {"quote": first.pk})
    assert refused.status_code == 400 and "货比三家" in _text(refused)
    request.needs_public_procurement = True
    request.save(update_fields=["needs_public_procurement"])
    refused = client.post(url, {"quote": first.pk})
    assert refused.status_code == 409 and "公开采购" in _text(refused)
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED and not PurchaseOrder.objects.exists()


def test_a_request_not_approved_is_a_409_and_another_schools_a_404(setup):
    _school, _people, request, client = setup
    first = quote_of(request, "500")
    request.status = RequestStatus.PENDING
    request.save(update_fields=["status"])
    url = reverse("finance:purchasing_order", args=[request.pk])
    assert client.post(url, {"quote": first.pk}).status_code == 409
    stranger = Client()
    stranger.force_login(office(SchoolFactory())["logistics"])
    assert stranger.post(url, {"quote": first.pk}).status_code == 404
    assert stranger.get(reverse("finance:purchasing_request", args=[request.pk])).status_code == 404


def test_below_the_threshold_the_page_offers_a_direct_order(setup):
    school, people, _request, client = setup
    small = approved_request(school, requester=people["teacher"], price="600.00")
    supplier = supplier_of(school)
    url = reverse("finance:purchasing_order", args=[small.pk])
    assert 'name="amount"' in _text(client.get(url))
    placed = client.post(url, {"supplier": supplier.pk, "amount": "590.00"})
    assert placed.status_code == 302
    assert PurchaseOrder.objects.get(request=small).amount == Decimal("590.00")


def _order(school, people, amount="2800.00", quotes=3):
    request = approved_request(school, requester=people["teacher"], price="3000.00")
    for i in range(quotes):
        quote_of(request, str(Decimal(amount) + i))
    from finance.services.purchasing import order_place

    return order_place(request=request, actor=people["logistics"], quote=request.quotes.first())


def test_the_order_list_filters_and_its_export_equals_the_screen(setup):
    school, people, _request, client = setup
    orders = [_order(school, people, amount) for amount in ("2800.00", "1500.00")]
    # An order without enough quotes (made directly, as an import might): the filter finds it.
    bare = approved_request(school, requester=people["teacher"], price="3000.00")
    lacking = PurchaseOrder.objects.create(
        school=school,
        request=bare,
        number="DD-IMPORT-1",
        supplier=supplier_of(school),
        amount=Decimal("3000.00"),
        ordered_by=people["logistics"],
    )
    url = reverse("finance:purchaseorder_list")
    page = client.get(url)
    assert page.status_code == 200
    listed = [pk for pk, _v in page.context["rows"]]
    assert set(listed) == {o.pk for o in orders} | {lacking.pk}
    only = client.get(url, {"without_quotes": "true"})
    assert [pk for pk, _v in only.context["rows"]] == [lacking.pk]
    exported = client.get(url, {"without_quotes": "false", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "订单编号"
    assert sorted(r[0] for r in rows[1:]) == sorted(o.number for o in orders)


def test_the_order_list_runs_as_many_queries_for_many_orders_as_for_one(setup):
    school, people, _request, client = setup
    _order(school, people)
    url = reverse("finance:purchaseorder_list")
    count_queries(client, url)
    few = count_queries(client, url)
    for _ in range(4):
        _order(school, people)
    assert count_queries(client, url) == few


def test_the_list_shows_approved_requests_awaiting_an_order_to_purchasers(setup):
    _school, people, request, client = setup
    html = _text(client.get(reverse("finance:purchaseorder_list")))
    assert reverse("finance:purchasing_request", args=[request.pk]) in html
    principal = Client()
    principal.force_login(people["principal"])
    html = _text(principal.get(reverse("finance:purchaseorder_list")))
    assert 'data-testid="awaiting-order"' not in html


def test_the_quote_and_order_pages_are_the_purchasers(setup):
    school, people, request, _client = setup
    for who in ("teacher", "principal", "admin", "head"):
        client = Client()
        client.force_login(people[who])
        assert (
            client.get(reverse("finance:purchasing_quote_add", args=[request.pk])).status_code
            == 403
        )
        assert (
            client.post(reverse("finance:purchasing_order", args=[request.pk])).status_code == 403
        )
    assert Supplier.objects.filter(school=school).count() == 0
