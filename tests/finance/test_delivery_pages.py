"""The delivery part's pages, API and figure: record an acceptance and a payment as a person
does (refusals are 4xx with the sentence, nothing kept), the panel, the lists and their export,
the asset card's purchase, the read API and the step handlers, the "finance.spent" metric."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient, APIRequestFactory

from assets.models import Asset
from core import metrics
from core.metrics import Period
from finance.api.delivery import STEP_HANDLERS, STEP_SERIALIZERS
from finance.choices import RequestStatus
from finance.models import Acceptance, Payment
from finance.services.delivery import LineInput, acceptance_record, payment_record
from tests.factories import SchoolFactory
from tests.finance.factories import office
from tests.finance.factories_delivery import ordered
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    school = SchoolFactory()
    return school, office(school)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _accept_post(request, people, quantity="2", **extra):
    item = request.items.get()
    return {
        "second_acceptor": people["acceptor1"].pk,
        "accepted_on": timezone.localdate().isoformat(),
        "invoice_number": "No.778899",
        f"quantity_{item.pk}": quantity,
        f"price_{item.pk}": str(item.unit_price),
        **extra,
    }


def _accept(request, people):
    acceptance_record(
        request=request,
        actor=people["acceptor2"],
        second_acceptor=people["acceptor1"],
        lines=[LineInput(item, item.quantity) for item in request.items.all()],
        invoice_number="INV-1",
    )
    request.refresh_from_db()


def test_recording_an_acceptance_on_the_page_makes_the_cards_shown_on_the_panel(setup):
    school, people = setup
    request = ordered(school, people)
    client = _client(people["acceptor2"])
    url = reverse("finance:acceptance_record", args=[request.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert "办公电脑" in form.content.decode()
    response = client.post(url, _accept_post(request, people))
    assert response.status_code == 302
    panel = client.get(response["Location"]).content.decode()
    for card in Asset.objects.filter(school=school):
        assert card.code in panel
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": "3"}, "lines"),
        ({"second": "acceptor2"}, "second_acceptor"),
        ({"second": "teacher"}, "second_acceptor"),
    ],
)
def test_a_refused_acceptance_is_400_with_its_sentence_and_keeps_nothing(setup, change, field):
    school, people = setup
    request = ordered(school, people)
    post = _accept_post(request, people, quantity=change.get("quantity", "2"))
    if "second" in change:
        post["second_acceptor"] = people[change["second"]].pk
    response = _client(people["acceptor2"]).post(
        reverse("finance:acceptance_record", args=[request.pk]), post
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Acceptance.objects.count() == 0 and Asset.objects.filter(school=school).count() == 0


def test_the_service_refusal_of_more_than_ordered_reads_in_chinese(setup):
    school, people = setup
    request = ordered(school, people)
    response = _client(people["acceptor2"]).post(
        reverse("finance:acceptance_record", args=[request.pk]),
        _accept_post(request, people, quantity="3"),
    )
    assert response.status_code == 400
    assert "还有 2 台" in response.content.decode() or "剩余 2" in response.content.decode()


def test_recording_a_payment_on_the_page_and_its_refusals(setup):
    school, people = setup
    request = ordered(school, people)
    _accept(request, people)
    client = _client(people["admin"])
    url = reverse("finance:payment_record", args=[request.pk])
    assert client.get(url).status_code == 200
    base = {"paid_on": timezone.localdate().isoformat(), "method": "transfer"}
    for amount in ("9600.01", "0", "-1", "1.001"):
        refused = client.post(url, {**base, "amount": amount, "voucher_number": "V1"})
        assert refused.status_code == 400, amount
    assert Payment.objects.count() == 0
    line = request.budget_line
    line.refresh_from_db()
    assert line.spent == 0
    done = client.post(url, {**base, "amount": "9600.00", "voucher_number": "V1"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.PAID and request.spent == Decimal("9600.00")
    # The director approved the request: the page tells them so (403).
    other = ordered(school, people)
    _accept(other, people)
    refused = _client(people["director"]).get(reverse("finance:payment_record", args=[other.pk]))
    assert refused.status_code == 403


def test_the_excess_approval_on_the_panel(setup):
    school, people = setup
    request = ordered(school, people)
    acceptance_record(
        request=request,
        actor=people["acceptor2"],
        second_acceptor=people["acceptor1"],
        lines=[LineInput(request.items.get(), Decimal("2"), Decimal("5500.00"))],
        invoice_number="INV-1",
    )
    panel_url = reverse("finance:delivery_panel", args=[request.pk])
    admin_panel = _client(people["admin"]).get(panel_url).content.decode()
    assert 'data-testid="excess"' in admin_panel
    assert 'data-testid="record-payment"' not in admin_panel  # waits for the approval
    approve = reverse("finance:excess_approve", args=[request.pk])
    assert _client(people["logistics"]).post(approve).status_code == 403
    principal = _client(people["principal"])
    assert 'data-testid="approve-excess"' in principal.get(panel_url).content.decode()
    assert principal.post(approve, {"note": "同意"}).status_code == 302
    assert (
        'data-testid="record-payment"' in _client(people["admin"]).get(panel_url).content.decode()
    )


def test_the_lists_filter_export_and_keep_their_query_count(setup):
    school, people = setup
    request = ordered(school, people)
    _accept(request, people)
    payment_record(
        request=request, actor=people["admin"], amount=Decimal("9600.00"), voucher_number="记-1"
    )
    client = _client(people["director"])
    for name in ("finance:acceptance_list", "finance:payment_list"):
        page = client.get(reverse(name))
        assert page.status_code == 200 and request.number in page.content.decode()
        export = client.get(reverse(name) + "?export=xlsx")
        sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
        assert any(
            request.number in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row
        )
    few = count_queries(client, reverse("finance:payment_list"))
    for _n in range(4):
        more = ordered(school, people)
        _accept(more, people)
        payment_record(
            request=more, actor=people["admin"], amount=more.amount, voucher_number=f"记-x{_n}"
        )
    assert count_queries(client, reverse("finance:payment_list")) == few
    listed = client.get(reverse("finance:payment_list") + f"?purchase={request.pk}")
    assert [pk for pk, _row in listed.context["rows"]] == [request.order.payments.get().pk]


def test_the_asset_card_shows_the_purchase_it_came_from(setup):
    school, people = setup
    request = ordered(school, people, title="语文组办公电脑")
    _accept(request, people)
    card = Asset.objects.filter(school=school).first()
    page = _client(people["director"]).get(card.get_absolute_url()).content.decode()
    assert request.number in page and "语文组办公电脑" in page
    acceptance = Acceptance.objects.get(order__request=request)
    assert acceptance.get_absolute_url() in page


def test_the_read_api_and_the_step_handlers(setup):
    school, people = setup
    request = ordered(school, people)
    item = request.items.get()
    api_request = APIRequestFactory().post("/")
    api_request.user = people["acceptor2"]
    body = STEP_SERIALIZERS["accept"](
        data={
            "second_acceptor": people["acceptor1"].pk,
            "invoice_number": "API-1",
            "lines": [{"item": item.pk, "quantity": "2"}],
        },
        context={"request": api_request},
    )
    assert body.is_valid(), body.errors
    updated = STEP_HANDLERS["accept"](
        request_obj=request, actor=people["acceptor2"], data=dict(body.validated_data)
    )
    assert updated.status == RequestStatus.ACCEPTED
    pay = STEP_SERIALIZERS["pay"](data={"amount": "1.001", "voucher_number": "P"})
    assert not pay.is_valid()
    pay = STEP_SERIALIZERS["pay"](data={"amount": "9600.00", "voucher_number": "P"})
    assert pay.is_valid(), pay.errors
    paid = STEP_HANDLERS["pay"](
        request_obj=updated, actor=people["admin"], data=dict(pay.validated_data)
    )
    assert paid.status == RequestStatus.PAID
    api = APIClient()
    api.force_authenticate(people["director"])
    acceptances = api.get(reverse("finance-api:acceptance-list")).json()["results"]
    assert (
        acceptances[0]["request"] == request.pk and len(acceptances[0]["lines"][0]["assets"]) == 2
    )
    payments = api.get(reverse("finance-api:payment-list")).json()["results"]
    assert payments[0]["amount"] == "9600.00"


def test_the_spent_metric_for_many_schools_and_its_link(setup):
    school, people = setup
    other = SchoolFactory()
    idle = SchoolFactory()
    request = ordered(school, people)
    _accept(request, people)
    payment_record(
        request=request, actor=people["admin"], amount=Decimal("6000.00"), voucher_number="V-1"
    )
    their = office(other)
    theirs = ordered(other, their)
    _accept(theirs, their)
    payment_record(
        request=theirs, actor=their["admin"], amount=Decimal("100.00"), voucher_number="V-1"
    )
    metric = metrics.get("finance.spent")
    today = timezone.localdate()
    period = Period.month(today.year, today.month)
    values = metric.compute([school.pk, other.pk, idle.pk], period)
    assert values == {school.pk: Decimal("6000.00"), other.pk: Decimal("100.00"), idle.pk: 0}
    last_year = Period.year(today.year - 1)
    assert metric.compute([school.pk], last_year) == {school.pk: 0}
    listed = _client(people["director"]).get(metric.link(period))
    assert [pk for pk, _row in listed.context["rows"]] == [request.order.payments.get().pk]
    queries = []
    for ids in ([school.pk], [school.pk, other.pk, idle.pk]):
        with CaptureQueriesContext(connection) as captured:
            metric.compute(ids, period)
        queries.append(len(captured))
    assert queries == [1, 1]


def test_the_panel_costs_the_same_queries_for_one_or_three_deliveries(setup):
    school, people = setup
    # Ten ordered, two a delivery: the request stays "ordered" (the same steps are asked).
    request = ordered(school, people, items=[("办公电脑", "10", "4800.00")])
    client = _client(people["director"])
    url = reverse("finance:delivery_panel", args=[request.pk])

    def deliver(number):
        acceptance_record(
            request=request,
            actor=people["acceptor2"],
            second_acceptor=people["acceptor1"],
            lines=[LineInput(request.items.get(), Decimal("2"))],
            invoice_number=f"INV-{number}",
        )

    deliver(1)
    count_queries(client, url)  # warm: the menu's and the session's first reads
    one = count_queries(client, url)
    deliver(2)
    deliver(3)
    count_queries(client, url)  # warm again: the writes retired what was kept
    assert count_queries(client, url) == one
