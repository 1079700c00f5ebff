"""The "accept" and "pay" steps through a viewset built the way the requests part builds the
request's (WorkflowActionsMixin + STEP_SERIALIZERS + STEP_HANDLERS): bad input is a 4xx with
the one error body and a Chinese sentence, nothing kept, the budget unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from core.api.base import ScopedViewSet
from core.api.workflow import WorkflowActionsMixin
from finance.api.delivery import STEP_HANDLERS, STEP_SERIALIZERS
from finance.choices import RequestStatus
from finance.models import Acceptance, Payment, PurchaseRequest
from finance.services.delivery import LineInput, acceptance_record
from finance.workflow import PURCHASE_WORKFLOW
from tests.factories import SchoolFactory
from tests.finance.factories import office
from tests.finance.factories_delivery import ordered

pytestmark = pytest.mark.django_db


class _RequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = PurchaseRequest
        fields = ["id", "number", "status", "committed", "spent"]


class RequestSteps(WorkflowActionsMixin, ScopedViewSet):
    """What the requests part's viewset does for these two steps."""

    model = PurchaseRequest
    workflow = PURCHASE_WORKFLOW
    step_serializers = STEP_SERIALIZERS
    serializer_class = _RequestSerializer

    def perform_step(self, transition, obj, data):
        return STEP_HANDLERS[transition.name](request_obj=obj, actor=self.request.user, data=data)


def _post(step, request, user, body):
    view = RequestSteps.as_view({"post": step})
    api_request = APIRequestFactory().post(f"/x/{request.pk}/{step}/", body, format="json")
    force_authenticate(api_request, user)
    response = view(api_request, pk=request.pk)
    response.render()
    return response


@pytest.fixture
def setup():
    school = SchoolFactory()
    return school, office(school)


def _body(request, people, quantity="2", **extra):
    item = request.items.get()
    return {
        "second_acceptor": people["acceptor1"].pk,
        "invoice_number": "API-1",
        "lines": [{"item": item.pk, "quantity": quantity}],
        **extra,
    }


def test_accept_and_pay_through_the_api(setup):
    school, people = setup
    request = ordered(school, people)
    accepted = _post("accept", request, people["acceptor2"], _body(request, people))
    assert accepted.status_code == 200, accepted.data
    assert accepted.data["status"] == RequestStatus.ACCEPTED
    paid = _post("pay", request, people["admin"], {"amount": "9600.00", "voucher_number": "V1"})
    assert paid.status_code == 200, paid.data
    assert paid.data["status"] == RequestStatus.PAID and paid.data["spent"] == "9600.00"


@pytest.mark.parametrize(
    ("who", "change", "status"),
    [
        ("acceptor2", {"quantity": "3"}, 400),
        ("acceptor2", {"second_acceptor": "acceptor2"}, 400),
        ("acceptor2", {"second_acceptor": "teacher"}, 400),
        ("acceptor2", {"quantity": "1.005"}, 400),
        ("teacher", {}, 403),
    ],
)
def test_refused_acceptances_are_4xx_and_keep_nothing(setup, who, change, status):
    school, people = setup
    request = ordered(school, people)
    body = _body(request, people, quantity=change.get("quantity", "2"))
    if "second_acceptor" in change:
        body["second_acceptor"] = people[change["second_acceptor"]].pk
    response = _post("accept", request, people[who], body)
    assert response.status_code == status, response.data
    assert response.data["detail"] and response.data["code"]
    assert Acceptance.objects.count() == 0


def test_over_accepted_reads_in_chinese_with_its_field(setup):
    school, people = setup
    request = ordered(school, people)
    response = _post("accept", request, people["acceptor2"], _body(request, people, "3"))
    assert response.status_code == 400
    assert "超出了订购数量" in str(response.data)


@pytest.mark.parametrize(
    ("who", "amount", "status"),
    [
        ("admin", "9600.01", 400),
        ("admin", "0", 400),
        ("admin", "-1", 400),
        ("admin", "1.001", 400),
        ("director", "100.00", 403),  # approved it
    ],
)
def test_refused_payments_are_4xx_and_leave_the_budget(setup, who, amount, status):
    school, people = setup
    request = ordered(school, people)
    acceptance_record(
        request=request,
        actor=people["acceptor2"],
        second_acceptor=people["acceptor1"],
        lines=[LineInput(request.items.get(), Decimal("2"))],
        invoice_number="INV",
    )
    line = request.budget_line
    line.refresh_from_db()
    before = (line.committed, line.spent)
    response = _post("pay", request, people[who], {"amount": amount, "voucher_number": "V1"})
    assert response.status_code == status, response.data
    assert response.data["detail"]
    line.refresh_from_db()
    assert (line.committed, line.spent) == before
    assert Payment.objects.count() == 0
