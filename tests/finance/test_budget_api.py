"""/api/v1/finance/budget-lines/, adjustments/ (with their steps) and execution/."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from finance.choices import AdjustmentStatus
from finance.models import BudgetAdjustment, BudgetLine, BudgetMovement
from finance.services.budget import budget_commit
from tests.factories import SchoolFactory
from tests.finance.factories import line_of, office, request_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(school):
    return office(school)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _figures():
    return list(BudgetLine.objects.order_by("pk").values_list("amount", "committed", "spent"))


def test_money_fields_are_read_only_and_a_stop_line_keeps_its_room(people, school):
    line = line_of(school, amount="5000")
    request = request_of(school, requester=people["teacher"], line=line)
    budget_commit(
        line_id=line.pk,
        school_id=school.pk,
        amount=Decimal("4000"),
        request=request,
        actor=people["director"],
    )
    api = _api(people["director"])
    url = f"/api/v1/finance/budget-lines/{line.pk}/"
    ignored = api.patch(url, {"committed": "0", "spent": "99"}, format="json")
    assert ignored.status_code == 200 and ignored.json()["committed"] == "4000.00"
    refused = api.patch(url, {"amount": "3999.99"}, format="json")
    assert refused.status_code == 400 and "amount" in refused.json()["fields"]
    for amount in ("-1", "1.234"):
        assert api.patch(url, {"amount": amount}, format="json").status_code == 400
    assert _figures() == [(Decimal("5000.00"), Decimal("4000.00"), Decimal("0.00"))]


def test_adjustments_through_the_api_with_their_steps(people, school):
    source = line_of(school, amount="20000", name="其他")
    target = line_of(school, amount="5000", name="印刷费")
    asked = _api(people["director"]).post(
        "/api/v1/finance/adjustments/",
        {"from_line": source.pk, "to_line": target.pk, "amount": "2500.00", "reason": "试卷"},
        format="json",
    )
    assert asked.status_code == 201, asked.json()
    pk = asked.json()["id"]
    own = _api(people["director"]).post(f"/api/v1/finance/adjustments/{pk}/approve/", {})
    assert own.status_code == 403 and own.json()["code"] == "own_adjustment"
    done = _api(people["principal"]).post(
        f"/api/v1/finance/adjustments/{pk}/approve/", {"note": "同意"}, format="json"
    )
    assert done.status_code == 200 and done.json()["status"] == AdjustmentStatus.APPROVED
    again = _api(people["principal"]).post(f"/api/v1/finance/adjustments/{pk}/approve/", {})
    assert again.status_code == 409
    assert _figures() == [
        (Decimal("17500.00"), Decimal("0.00"), Decimal("0.00")),
        (Decimal("7500.00"), Decimal("0.00"), Decimal("0.00")),
    ]
    assert (
        _api(people["director"]).patch(f"/api/v1/finance/adjustments/{pk}/", {}).status_code == 405
    )


@pytest.mark.parametrize(
    "body",
    [
        {"amount": "20000.01"},
        {"amount": "-3"},
        {"amount": "1.005"},
        {"from_line": "foreign"},
    ],
)
def test_bad_adjustments_are_refused_and_nothing_moves(people, school, body):
    source = line_of(school, amount="20000")
    target = line_of(school, amount="5000")
    foreign = line_of(SchoolFactory(), amount="50000")
    data = {"from_line": source.pk, "to_line": target.pk, "amount": "10", "reason": "x", **body}
    if data["from_line"] == "foreign":
        data["from_line"] = foreign.pk
    before = _figures()
    response = _api(people["director"]).post("/api/v1/finance/adjustments/", data, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["detail"]
    assert not BudgetAdjustment.objects.exists() and not BudgetMovement.objects.exists()
    assert _figures() == before


def test_execution_lists_available_and_the_rate(people, school):
    line = line_of(school, amount="8000")
    line_of(school, amount="0", name="零预算")
    request = request_of(school, requester=people["teacher"], line=line)
    budget_commit(
        line_id=line.pk,
        school_id=school.pk,
        amount=Decimal("2000"),
        request=request,
        actor=people["director"],
    )
    rows = _api(people["principal"]).get("/api/v1/finance/execution/").json()["results"]
    by_name = {row["name"]: row for row in rows}
    assert by_name[line.name]["available"] == "6000.00"
    assert by_name[line.name]["execution_rate"] == "0.0"
    assert by_name["零预算"]["execution_rate"] is None
    assert _api(people["director"]).post("/api/v1/finance/execution/", {}).status_code == 405
