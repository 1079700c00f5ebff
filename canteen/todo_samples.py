"""The canteen staff's "today" items of the samples part (core.todo): the samples still missing
for the meal just served, the refrigerator readings due, the samples due for disposal."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from canteen import selectors_samples
from canteen.choices import MenuStatus
from canteen.filters_samples import due_for_disposal
from canteen.models import FoodSample, FridgeTemperature
from core.choices import Role
from core.todo import TodoItem

STAFF = frozenset({Role.CANTEEN, Role.CANTEEN_MANAGER})


def _missing_samples(user, rows) -> int:
    """The dishes of the meal just served (the phone page's meal) that have no sample yet."""
    if user.school_id is None:
        return 0
    meal, _meals = selectors_samples.meal_just_served(user.school_id)
    if meal is None or meal.served_at > timezone.now():
        return 0
    sampled = FoodSample.objects.filter(
        school_id=OuterRef("school_id"),
        day=OuterRef("day"),
        meal=OuterRef("meal"),
        dish_id=OuterRef("dish_id"),
    )
    return (
        rows.filter(day=meal.day, meal=meal.meal, menu__status=MenuStatus.PUBLISHED)
        .exclude(Exists(sampled))
        .count()
    )


def _readings_due(user, rows) -> int:
    read = FridgeTemperature.objects.filter(
        fridge_id=OuterRef("pk"),
        day=timezone.localdate(),
        period=selectors_samples.current_period(),
    )
    return rows.filter(active=True).exclude(Exists(read)).count()


ITEMS = [
    TodoItem(
        key="canteen.samples_missing",
        label=_("Food samples still missing for the meal just served"),
        roles=STAFF,
        model="canteen.MenuEntry",
        count=_missing_samples,
        link=lambda: reverse("canteen:sample_meal"),
        order=10,
    ),
    TodoItem(
        key="canteen.temperatures_due",
        label=_("Sample refrigerator readings due"),
        roles=STAFF,
        model="canteen.SampleFridge",
        count=_readings_due,
        link=lambda: reverse("canteen:temperature_today"),
        order=11,
    ),
    TodoItem(
        key="canteen.samples_due_for_disposal",
        label=_("Food samples kept 48 hours, to dispose"),
        roles=STAFF,
        model="canteen.FoodSample",
        count=lambda user, rows: rows.filter(due_for_disposal(), archived_at__isnull=True).count(),
        link=lambda: reverse("canteen:foodsample_list") + "?due=true",
        order=30,
    ),
]
