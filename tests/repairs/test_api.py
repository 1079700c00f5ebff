"""/api/v1/repairs/requests/: filters, scoping, the workflow actions and their refusals."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from repairs import services
from repairs.choices import Status
from repairs.models import RepairRequest
from tests.factories import SchoolFactory
from tests.repairs.factories import consumable, file_request, people, photo_upload, room_of

LIST = "/api/v1/repairs/requests/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def act(user, request, step, **body):
    return api(user).post(f"{LIST}{request.pk}/{step}/", body, format="json")


@pytest.mark.django_db
def test_filing_through_the_api_is_idempotent_and_numbered(school, crew, room):
    token = str(uuid.uuid4())
    body = {
        "room": room.pk,
        "category": "it_av",
        "description": "投影仪无信号",
        "client_token": token,
    }
    first = api(crew["teacher"]).post(LIST, body, format="json")
    second = api(crew["teacher"]).post(LIST, body, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["number"] == second.json()["number"]
    assert first.json()["number"].startswith("BX-")
    assert RepairRequest.objects.count() == 1


@pytest.mark.django_db
def test_filing_with_a_photo_and_refusals(school, crew, room):
    client = api(crew["teacher"])
    ok = client.post(
        LIST,
        {
            "room": room.pk,
            "category": "furniture",
            "description": "椅子腿断了",
            "photos": [photo_upload()],
        },
        format="multipart",
    )
    assert ok.status_code == 201, ok.json()
    foreign = client.post(
        LIST,
        {"room": room_of(SchoolFactory()).pk, "category": "other", "description": "x"},
        format="json",
    )
    assert foreign.status_code == 400 and "room" in foreign.json()["fields"]
    assert RepairRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_workflow_through_the_actions(school, crew, room):
    request = file_request(school, crew["teacher"], room=room)
    assert act(crew["teacher"], request, "accept").status_code == 403
    accepted = act(crew["logistics"], request, "accept", priority="urgent")
    assert accepted.status_code == 200
    assert accepted.json()["owner"]["id"] == crew["logistics"].pk
    assert act(crew["logistics"], request, "assign", assignee=crew["worker"].pk).status_code == 200
    bulbs = consumable(school, quantity="1")
    short = act(
        crew["worker"],
        request,
        "work",
        description="换灯管",
        minutes=20,
        parts=[{"consumable": bulbs.pk, "quantity": "2"}],
    )
    assert short.status_code == 400
    assert short.json()["code"] == "insufficient_stock"
    bulbs.refresh_from_db()
    assert bulbs.quantity_on_hand == Decimal("1")
    ok = act(
        crew["worker"],
        request,
        "work",
        description="换灯管",
        minutes=20,
        parts=[{"consumable": bulbs.pk, "quantity": "1"}],
    )
    assert ok.status_code == 200
    assert act(crew["worker"], request, "finish").status_code == 200
    assert act(crew["worker"], request, "confirm", rating=5).status_code == 403
    assert act(crew["teacher"], request, "confirm", rating=6).status_code == 400
    done = act(crew["teacher"], request, "confirm", rating=4, comment="好")
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    events = api(crew["teacher"]).get(f"{LIST}{request.pk}/events/").json()
    assert [e["kind"] for e in events] == [
        "submitted",
        "accepted",
        "assigned",
        "work_recorded",
        "done",
        "confirmed",
    ]


@pytest.mark.django_db
def test_an_out_of_order_action_is_a_409_with_the_reason(school, crew, room):
    request = file_request(school, crew["teacher"], room=room)
    response = act(crew["logistics"], request, "finish")
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_status"
    assert request.number in response.json()["detail"]
    assert RepairRequest.objects.get(pk=request.pk).status == Status.SUBMITTED


@pytest.mark.django_db
def test_scoping_and_filters(school, crew, room):
    mine = file_request(school, crew["teacher"], room=room, urgency="urgent")
    file_request(school, people(school)["teacher"], room=room)
    elsewhere = SchoolFactory()
    foreign = file_request(elsewhere, people(elsewhere)["teacher"])
    ids = lambda user, **q: {r["id"] for r in api(user).get(LIST, q).json()["results"]}  # noqa: E731
    assert ids(crew["teacher"]) == {mine.pk}
    assert len(ids(crew["logistics"])) == 2
    assert ids(crew["logistics"], priority="urgent") == {mine.pk}
    assert ids(crew["logistics"], status="accepted") == set()
    assert ids(crew["worker"]) == set()
    assert api(crew["logistics"]).get(f"{LIST}{foreign.pk}/").status_code == 404
    assert act(crew["logistics"], foreign, "accept").status_code == 404
    services.repair_request_assign(request=mine, assignee=crew["worker"], actor=crew["logistics"])
    assert ids(crew["worker"]) == {mine.pk}
    assert ids(crew["logistics"], assignee=crew["worker"].pk) == {mine.pk}


@pytest.mark.django_db
def test_the_api_list_runs_a_constant_number_of_queries(school, crew, room):
    client = api(crew["logistics"])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST, {"status": "submitted"}).status_code == 200
        return len(captured)

    file_request(school, crew["teacher"], room=room)
    count()  # warms the user's cached roles
    few = count()
    for _ in range(20):
        r = file_request(school, people(school)["teacher"], room=room_of(school))
        services.repair_request_accept(request=r, actor=crew["logistics"])
        services.repair_request_reject(request=r, actor=crew["logistics"], reason="重复")
        file_request(school, crew["teacher"], room=room)
    assert count() == few


@pytest.mark.django_db
def test_the_public_room_status_api_shows_no_names(school, crew, room):
    file_request(school, crew["teacher"], room=room, description="私密描述")
    other = people(school)["teacher"]
    rows = api(other).get("/api/v1/repairs/room-status/", {"room": room.pk}).json()["results"]
    assert len(rows) == 1
    assert set(rows[0]) == {"number", "category", "status", "room", "created_at", "finished_at"}
    assert api(other).get("/api/v1/repairs/room-status/").status_code == 400
