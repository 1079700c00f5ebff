"""One API error body in every app: {"detail", "code", "fields"} (core/api/exceptions.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.choices import Role
from tests.factories import SchoolFactory, UserFactory
from tests.repairs.factories import file_request, people

pytestmark = pytest.mark.django_db
SHAPE = {"detail", "code", "fields"}


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_every_kind_of_error_has_the_one_shape(school):
    crew = people(school)
    request = file_request(school, crew["teacher"])
    theirs = file_request(SchoolFactory(), UserFactory(roles=[Role.TEACHER]))
    url = f"/api/v1/repairs/requests/{request.pk}/"
    answers = {
        "invalid body": (client_for(crew["teacher"]).post("/api/v1/repairs/requests/", {}), 400),
        "no token": (client_for().get(url), 401),
        "another school": (
            client_for(crew["logistics"]).get(f"/api/v1/repairs/requests/{theirs.pk}/"),
            404,
        ),
        "role": (client_for(crew["teacher"]).post(f"{url}accept/"), 403),
        "order": (client_for(crew["logistics"]).post(f"{url}finish/"), 409),
        "service": (
            client_for(crew["logistics"]).post(f"{url}assign/", {"assignee": crew["teacher"].pk}),
            400,
        ),
    }
    for case, (response, status) in answers.items():
        body = response.json()
        assert response.status_code == status, (case, body)
        assert set(body) == SHAPE, (case, body)
        assert isinstance(body["detail"], str) and body["detail"], case
    fields = answers["invalid body"][0].json()["fields"]
    assert {"category", "description"} <= set(fields)
    assert answers["no token"][0].json()["code"] == "not_authenticated"
    assert answers["another school"][0].json()["code"] == "not_found"
    assert answers["role"][0].json()["code"] == "forbidden"
    assert answers["order"][0].json()["code"] == "wrong_status"
    assert answers["service"][0].json()["code"] == "assignee"  # the service's own code


def test_a_refused_step_is_the_same_type_and_shape_in_every_module(school):
    """Hazards and disposals refuse through the same exception as repairs."""
    from tests.assets.workflow_scenario import SCENARIO as DISPOSALS
    from tests.safety.workflow_scenario import SCENARIO as HAZARDS

    for scenario, status in ((HAZARDS, "accepted"), (DISPOSALS, "approved")):
        row = scenario.build(school, status)
        step = scenario.steps()[0]
        response = client_for(scenario.actor(row, step)).post(scenario.api_url(row, step), {})
        assert response.status_code == 409
        assert response.json()["code"] == "wrong_status" and set(response.json()) == SHAPE
