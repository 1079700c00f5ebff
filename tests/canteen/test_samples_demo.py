"""The demo school's samples: a few days of samples and readings, idempotent."""

import pytest

from canteen.demo_samples import seed
from canteen.models import FoodSample, FridgeTemperature, SampleFridge
from core.demo import seed_demo_school

pytestmark = pytest.mark.django_db


def test_seeding_twice_changes_nothing_and_leaves_something_to_flag():
    school = seed_demo_school()
    models = [SampleFridge, FoodSample, FridgeTemperature]
    counts = [m.objects.count() for m in models]
    seed()
    assert [m.objects.count() for m in models] == counts
    samples = FoodSample.objects.filter(school=school)
    assert samples.count() >= 20
    assert samples.filter(underweight=True).count() == 1
    assert FridgeTemperature.objects.filter(school=school, out_of_range=True).count() == 1
    assert samples.filter(disposed_at__isnull=True).exists()
