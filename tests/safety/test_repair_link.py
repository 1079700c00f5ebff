"""Handling a hazard may open a repair request, linked both ways."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from repairs.models import RepairRequest
from safety import services
from safety.models import Hazard
from tests.safety.factories import HazardFactory, room_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def hazard(school):
    return HazardFactory(school=school, room=room_of(school), description="教室后门闭门器损坏")


def test_the_office_opens_a_repair_and_both_sides_see_the_link(hazard, logistics):
    services.hazard_open_repair(hazard=hazard, actor=logistics, category="doors_windows")
    hazard.refresh_from_db()
    request = hazard.repair_request
    assert request.room_id == hazard.room_id and request.source == "safety"
    assert "教室后门闭门器损坏" in request.description
    assert list(request.hazards.all()) == [hazard]


def test_only_one_repair_per_hazard(hazard, logistics):
    services.hazard_open_repair(hazard=hazard, actor=logistics, category="doors_windows")
    with pytest.raises(ValidationError) as twice:
        services.hazard_open_repair(hazard=hazard, actor=logistics, category="doors_windows")
    assert twice.value.code == "already_linked"
    assert RepairRequest.objects.count() == 1


def test_a_teacher_who_is_not_responsible_cannot_open_one(hazard, teacher):
    with pytest.raises(ValidationError):
        services.hazard_open_repair(hazard=hazard, actor=teacher, category="other")
    assert not RepairRequest.objects.exists()


def test_without_a_room_the_refusal_is_clear_and_nothing_is_linked(school, logistics):
    hazard = HazardFactory(school=school)
    with pytest.raises(ValidationError, match="room"):
        services.hazard_open_repair(hazard=hazard, actor=logistics, category="other")
    hazard.refresh_from_db()
    assert hazard.repair_request is None and not RepairRequest.objects.exists()


def test_the_hazard_page_opens_and_shows_the_repair(client, hazard, logistics):
    client.force_login(logistics)
    detail = hazard.get_absolute_url()
    assert 'data-testid="repair-form"' in client.get(detail).content.decode()
    client.post(
        reverse("safety:hazard_step", args=[hazard.pk, "repair"]),
        {"category": "doors_windows", "urgency": "urgent", "room": hazard.room_id},
    )
    page = client.get(detail).content.decode()
    request = Hazard.objects.get(pk=hazard.pk).repair_request
    assert 'data-testid="repair-link"' in page and request.number in page
    assert request.get_absolute_url() in page


def test_the_api_opens_a_repair(hazard, director):
    api = APIClient()
    api.force_authenticate(director)
    response = api.post(
        f"/api/v1/safety/hazards/{hazard.pk}/open-repair/", {"category": "doors_windows"}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["repair_request"] == Hazard.objects.get().repair_request_id
