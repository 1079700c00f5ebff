import pytest

from core.demo import seed_demo_school
from repairs.models import RepairRequest


@pytest.mark.django_db
def test_the_demo_school_has_one_request_in_each_step_and_seeding_twice_adds_nothing():
    school = seed_demo_school()
    seed_demo_school()
    statuses = sorted(RepairRequest.objects.filter(school=school).values_list("status", flat=True))
    assert statuses == ["confirmed", "done", "in_progress", "submitted"]
    assert RepairRequest.objects.get(status="confirmed").rating == 5
