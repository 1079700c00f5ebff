"""The samples' figures (core.metrics) and the canteen staff's to-do: known values, no data vs 0,
the list behind each figure holds the rows counted, constant queries for 1 or 20 schools."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from canteen.models import CanteenSettings
from core import metrics
from core.choices import HolidayKind, Role
from core.metrics import Period
from core.models import Holiday
from tests.canteen.factories_samples import (
    TUESDAY,
    FridgeFactory,
    SampleFactory,
    TemperatureFactory,
    at,
    served_meal,
)
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month(2026, 11)


@pytest.fixture
def records(school):
    dishes = served_meal(school, dishes=4)
    SampleFactory(school=school, dish=dishes[0], weight_grams=150)
    SampleFactory(school=school, dish=dishes[1], weight_grams=100)  # underweight
    SampleFactory(school=school, dish=dishes[2], weight_grams=125)
    TemperatureFactory(school=school, day=TUESDAY, celsius="9.0")
    TemperatureFactory(school=school, day=TUESDAY, celsius="3.0")
    return dishes


def test_values_on_a_known_month_and_no_data_for_a_school_without_meals(school, records):
    empty = SchoolFactory()
    ids = [school.pk, empty.pk]
    assert metrics.get("canteen.samples_complete").values(ids, NOVEMBER) == {school.pk: 75}
    assert metrics.get("canteen.samples_underweight").values(ids, NOVEMBER) == {
        school.pk: 1,
        empty.pk: 0,
    }
    assert metrics.get("canteen.fridge_out_of_range").values(ids, NOVEMBER) == {
        school.pk: 1,
        empty.pk: 0,
    }
    # Taken 2026-11-24 12:00: today they are long past 48 hours and the margin.
    assert metrics.get("canteen.samples_not_disposed").values(ids, NOVEMBER)[school.pk] == 3


@pytest.mark.parametrize(
    ("key", "counted"),
    [
        ("canteen.samples_underweight", 1),
        ("canteen.samples_not_disposed", 3),
        ("canteen.fridge_out_of_range", 1),
    ],
)
def test_the_link_lists_the_rows_counted(client, school, records, key, counted):
    client.force_login(UserFactory(school=school, roles=[Role.CANTEEN_MANAGER]))
    response = client.get(metrics.get(key).link(NOVEMBER))
    assert response.status_code == 200
    assert len(response.context["rows"]) == counted


def test_queries_do_not_grow_with_schools_or_rows(school, records):
    many = [SchoolFactory() for _ in range(19)]
    for other in many[:5]:
        for dish in served_meal(other, dishes=6):
            SampleFactory(school=other, dish=dish)
    for key in ("canteen.samples_complete", "canteen.samples_underweight"):
        counts = []
        for ids in ([school.pk], [school.pk, *[s.pk for s in many]]):
            with CaptureQueriesContext(connection) as captured:
                metrics.get(key).values(ids, NOVEMBER)
            counts.append(len(captured))
        assert counts[0] == counts[1], (key, counts)


def _lunch_served_today(school):
    """Lunch at 00:00 today: whatever the hour the test runs, it is the meal just served."""
    today = timezone.localdate()
    if today.weekday() >= 5:
        Holiday.objects.create(
            school=school, name="调休", kind=HolidayKind.MAKE_UP, start=today, end=today
        )
    CanteenSettings.objects.create(school=school, serves_breakfast=False, lunch_at=dt.time(0, 0))
    return served_meal(school, day=today, dishes=3), today


def _count(page: str, key: str) -> str:
    marker = f'data-testid="todo-count-{key}">'
    return page.split(marker, 1)[1].split("<", 1)[0]


def test_the_staff_home_page_counts_the_samples_missing_and_links_the_meal(client, school):
    dishes, today = _lunch_served_today(school)
    fridge = FridgeFactory(school=school)
    staff = UserFactory(school=school, roles=[Role.CANTEEN])
    SampleFactory(school=school, day=today, dish=dishes[0], fridge=fridge, taken_at=at(today, 0))
    client.force_login(staff)
    page = client.get(reverse("core:home")).content.decode()
    assert _count(page, "canteen.samples_missing") == "2"
    assert _count(page, "canteen.temperatures_due") == "1"
    link = reverse("canteen:sample_meal")
    assert f'href="{link}" data-testid="todo-canteen.samples_missing"' in page
    meal = client.get(link)
    missing = {r["name"] for r in meal.context["rows"] if r["sample"] is None}
    assert missing == {dishes[1].name, dishes[2].name}


def test_the_home_page_costs_the_same_queries_with_more_dishes(client, school):
    _dishes, today = _lunch_served_today(school)
    client.force_login(UserFactory(school=school, roles=[Role.CANTEEN]))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("core:home"))
    served_meal(school, day=today, dishes=8)
    for _ in range(3):
        FridgeFactory(school=school)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("core:home"))
    assert len(many) == len(few)
