"""/api/v1/finance/quotes/ and orders/: the same rules as the pages, one error body, 4xx for
every refusal, nothing half-saved; perform_order and OrderStepSerializer for the request's
generated order step."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from finance.api.purchasing import OrderStepSerializer, perform_order
from finance.choices import RequestStatus
from finance.models import PurchaseOrder, Quote
from tests.factories import SchoolFactory
from tests.finance.factories import office, supplier_of
from tests.finance.factories_purchasing import approved_request, quote_of

pytestmark = pytest.mark.django_db
QUOTES, ORDERS = "/api/v1/finance/quotes/", "/api/v1/finance/orders/"


@pytest.fixture
def setup():
    school = SchoolFactory()
    people = office(school)
    request = approved_request(school, requester=people["teacher"], price="3000.00")
    api = APIClient()
    api.force_authenticate(people["logistics"])
    return school, people, request, api


def test_quotes_are_recorded_listed_and_removed(setup):
    school, _people, request, api = setup
    supplier = supplier_of(school, name="甲公司")
    created = api.post(
        QUOTES, {"request": request.pk, "supplier": supplier.pk, "amount": "2900.50"}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["supplier_name"] == "甲公司"
    listed = api.get(QUOTES, {"request": request.pk}).json()["results"]
    assert [row["amount"] for row in listed] == ["2900.50"]
    assert api.delete(f"{QUOTES}{created.json()['id']}/").status_code == 204
    assert not Quote.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ({"amount": "0"}, "amount", "金额必须大于零"),
        ({"amount": "-3"}, "amount", "金额必须大于零"),
        ({"amount": "1.005"}, "amount", "两位小数"),
        ({"blacklisted": True}, "supplier", "黑名单"),
        ({"foreign": True}, "supplier", ""),
    ],
)
def test_bad_quotes_are_a_400_with_the_field_and_a_sentence(setup, body, field, text):
    school, _people, request, api = setup
    supplier = supplier_of(school, is_blacklisted=body.get("blacklisted", False))
    if body.get("foreign"):
        supplier = supplier_of(SchoolFactory())
    data = {"request": request.pk, "supplier": supplier.pk, "amount": body.get("amount", "10")}
    response = api.post(QUOTES, data, format="json")
    assert response.status_code == 400
    error = response.json()
    assert field in error["fields"] and text in str(error)
    assert not Quote.objects.exists()


def test_a_teacher_cannot_quote_and_a_pending_request_is_a_409(setup):
    school, people, request, api = setup
    teacher = APIClient()
    teacher.force_authenticate(people["teacher"])
    data = {"request": request.pk, "supplier": supplier_of(school).pk, "amount": "10"}
    assert teacher.post(QUOTES, data, format="json").status_code == 403
    request.status = RequestStatus.PENDING
    request.save(update_fields=["status"])
    refused = api.post(QUOTES, data, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "wrong_status"


def test_the_requester_reads_the_quotes_of_their_own_request_only(setup):
    school, people, request, _api = setup
    quote_of(request, "100")
    colleague_request = approved_request(school, price="500.00")
    quote_of(colleague_request, "90")
    teacher = APIClient()
    teacher.force_authenticate(people["teacher"])
    rows = teacher.get(QUOTES).json()["results"]
    assert {row["request"] for row in rows} == {request.pk}


def test_an_order_is_placed_by_the_api_with_a_reason_when_not_the_lowest(setup):
    _school, _people, request, api = setup
    low, middle, _high = (quote_of(request, a) for a in ("2800", "2900", "3000"))
    refused = api.post(ORDERS, {"request": request.pk, "quote": middle.pk}, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()["fields"]
    assert not PurchaseOrder.objects.exists()
    placed = api.post(
        ORDERS, {"request": request.pk, "quote": middle.pk, "reason": "质保更长"}, format="json"
    )
    assert placed.status_code == 201, placed.json()
    body = placed.json()
    assert (body["amount"], body["choice_reason"], body["quote_count"]) == (
        "2900.00",
        "质保更长",
        3,
    )
    assert api.get(f"{ORDERS}{body['id']}/").json()["number"] == body["number"]
    again = api.post(ORDERS, {"request": request.pk, "quote": low.pk}, format="json")
    assert again.status_code == 409


def test_too_few_quotes_and_public_procurement_by_the_api(setup):
    _school, _people, request, api = setup
    first = quote_of(request, "2800")
    refused = api.post(ORDERS, {"request": request.pk, "quote": first.pk}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] in ("too_few_quotes", "invalid")
    assert "货比三家" in refused.json()["detail"] + str(refused.json()["fields"])
    request.needs_public_procurement = True
    request.save(update_fields=["needs_public_procurement"])
    refused = api.post(ORDERS, {"request": request.pk, "quote": first.pk}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "public_procurement"
    assert not PurchaseOrder.objects.exists()


def test_another_schools_request_is_not_there(setup):
    _school, _people, request, _api = setup
    stranger = APIClient()
    stranger.force_authenticate(office(SchoolFactory())["logistics"])
    response = stranger.post(ORDERS, {"request": request.pk}, format="json")
    assert response.status_code == 400 and "request" in response.json()["fields"]
    assert stranger.get(QUOTES).json()["results"] == []


def test_perform_order_with_the_step_serializer(setup):
    """What the requests part's generated `POST requests/<id>/order/` does with its body."""
    school, people, _request, _api = setup
    small = approved_request(school, requester=people["teacher"], price="700.00")
    supplier = supplier_of(school)
    from rest_framework.test import APIRequestFactory

    http = APIRequestFactory().post("/")
    http.user = people["logistics"]
    body = OrderStepSerializer(
        data={"supplier": supplier.pk, "amount": "690.00"}, context={"request": http}
    )
    assert body.is_valid(), body.errors
    order = perform_order(
        request_obj=small, actor=people["logistics"], data=dict(body.validated_data)
    )
    assert (order.supplier, order.amount) == (supplier, Decimal("690.00"))
    foreign = OrderStepSerializer(
        data={"supplier": supplier_of(SchoolFactory()).pk}, context={"request": http}
    )
    assert not foreign.is_valid() and "supplier" in foreign.errors
