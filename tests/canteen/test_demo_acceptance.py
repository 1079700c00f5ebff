"""The demo school's acceptance data: bulk-food suppliers, a month of deliveries, idempotent."""

import pytest

from canteen.demo_acceptance import seed
from canteen.models import CostDisclosure, Delivery, DeliveryLine, DinerCount, MealIncome
from core.demo import seed_demo_school
from core.models import Supplier

pytestmark = pytest.mark.django_db
MODELS = [Supplier, Delivery, DeliveryLine, DinerCount, MealIncome, CostDisclosure]


def test_the_demo_has_a_month_of_acceptance_and_running_it_again_changes_nothing():
    seed_demo_school()
    seed()
    counts = [model.objects.count() for model in MODELS]
    assert Supplier.objects.filter(is_bulk_food=True).count() >= 2
    assert Delivery.objects.count() >= 20 and Delivery.objects.filter(is_bulk=True).exists()
    assert DeliveryLine.objects.filter(result="refused").exists()
    assert CostDisclosure.objects.get().status == "published"
    seed()
    assert [model.objects.count() for model in MODELS] == counts
