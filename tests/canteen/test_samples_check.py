"""The sample check: one flag per problem, people and robots told once, grouped queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from canteen.models import CanteenSettings, SampleFlag
from canteen.services.samples_check import samples_check
from core.choices import Role
from core.models import Notification, Robot, RobotMessage
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

# Lunch is served at 11:40; the check looks 60 minutes later.
AFTER_LUNCH = at(TUESDAY, 12, 50)


def _kinds(school):
    return sorted(SampleFlag.objects.filter(school=school).values_list("kind", flat=True))


def test_a_dish_without_a_sample_and_an_underweight_one_are_flagged(school):
    dishes = served_meal(school, dishes=3)
    fridge = FridgeFactory(school=school)
    TemperatureFactory(school=school, fridge=fridge, day=TUESDAY, period="morning")
    SampleFactory(school=school, dish=dishes[0], weight_grams=150, fridge=fridge)
    SampleFactory(school=school, dish=dishes[1], weight_grams=100, fridge=fridge)
    assert samples_check(now=AFTER_LUNCH, school_ids=[school.pk]) == 2
    assert _kinds(school) == ["missing", "underweight"]
    missing = SampleFlag.objects.get(kind="missing")
    assert missing.dish == dishes[2] and "红烧鸡块" in missing.detail


def test_nothing_is_flagged_before_the_meal_is_checked(school):
    served_meal(school, dishes=3)
    CanteenSettings.objects.create(school=school, sample_check_after_minutes=90)
    assert samples_check(now=AFTER_LUNCH, school_ids=[school.pk]) == 0  # 11:40 + 90 min > 12:50
    assert samples_check(now=at(TUESDAY, 13, 15), school_ids=[school.pk]) == 3


def test_a_meal_on_a_holiday_or_an_unpublished_menu_is_not_served(school):
    from canteen.models import WeeklyMenu

    served_meal(school, dishes=2)
    WeeklyMenu.objects.update(status="draft")
    assert samples_check(now=AFTER_LUNCH, school_ids=[school.pk]) == 0


def test_a_sample_not_disposed_past_48_hours_and_a_margin_is_flagged(school):
    sample = SampleFactory(school=school, taken_at=at(TUESDAY, 12))
    sample.fridge.active = False  # no readings due: this test is about the disposal
    sample.fridge.save()
    wednesday_evening = at(TUESDAY + dt.timedelta(days=1), 20)
    samples_check(now=wednesday_evening, school_ids=[school.pk])
    assert "not_disposed" not in _kinds(school)
    samples_check(now=at(TUESDAY + dt.timedelta(days=3), 12, 30), school_ids=[school.pk])
    assert SampleFlag.objects.get(kind="not_disposed").sample == sample


def test_fridge_readings_missing_or_out_of_range_on_a_day_served(school):
    served_meal(school, dishes=1)
    fridge = FridgeFactory(school=school)
    FridgeFactory(school=school, active=False)  # not in use: nothing is due
    TemperatureFactory(school=school, fridge=fridge, day=TUESDAY, period="morning", celsius="9.5")
    samples_check(now=at(TUESDAY, 19), school_ids=[school.pk])
    flags = dict(SampleFlag.objects.values_list("kind", "fridge"))
    assert flags == {
        "missing": None,
        "reading_out_of_range": fridge.pk,
        "reading_missing": fridge.pk,  # the afternoon one, due by 18:00
    }


def test_a_fridge_holding_fridays_samples_needs_its_readings_on_saturday(school):
    """Samples are kept 48 hours: the refrigerator's twice-daily log goes on over the weekend,
    though no meal is served; an empty refrigerator needs none."""
    friday = TUESDAY + dt.timedelta(days=3)
    saturday = friday + dt.timedelta(days=1)
    holding = FridgeFactory(school=school)
    FridgeFactory(school=school)  # in use, but empty over the weekend
    SampleFactory(school=school, fridge=holding, day=friday, taken_at=at(friday, 12))
    TemperatureFactory(school=school, fridge=holding, day=saturday, period="morning")
    samples_check(now=at(saturday, 19), school_ids=[school.pk])
    missing = SampleFlag.objects.filter(kind="reading_missing", day=saturday)
    assert [f.fridge_id for f in missing] == [
        holding.pk
    ]  # its afternoon reading; not the empty one
    assert "下午" in missing[0].detail or "afternoon" in missing[0].detail


def test_a_second_run_adds_nothing_and_tells_nobody_twice(school):
    manager = UserFactory(school=school, roles=[Role.CANTEEN_MANAGER], email="m@example.cn")
    director = UserFactory(school=school, roles=[Role.DIRECTOR], email="d@example.cn")
    UserFactory(school=school, roles=[Role.TEACHER])
    Robot.objects.create(
        school=school,
        kind="wecom",
        name="食堂群",
        webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc123456",
        events=["food_sample_missing"],
    )
    served_meal(school, dishes=3)
    assert samples_check(now=AFTER_LUNCH, school_ids=[school.pk]) == 3
    assert samples_check(now=AFTER_LUNCH + dt.timedelta(minutes=5), school_ids=[school.pk]) == 0
    assert SampleFlag.objects.count() == 3
    told = Notification.objects.all()
    assert sorted(n.recipient_id for n in told) == sorted([manager.pk, director.pk])
    assert "3" in told[0].title and "米饭" in told[0].body
    assert RobotMessage.objects.count() == 1
    assert RobotMessage.objects.get().event == "food_sample_missing"


def test_queries_grow_with_schools_told_not_with_dishes_or_quiet_schools():
    """Two schools with 2 dishes, then twelve schools with 8 dishes × 3 meals: the reads are the
    same; only schools with new flags add their notification queries."""

    def build(schools, dishes):
        ids = []
        for _ in range(schools):
            school = SchoolFactory()
            CanteenSettings.objects.create(school=school, serves_dinner=True)
            for meal in ("breakfast", "lunch", "dinner"):
                for dish in served_meal(school, meal=meal, dishes=dishes):
                    SampleFactory(school=school, meal=meal, dish=dish)
            FridgeFactory(school=school)
            ids.append(school.pk)
        return ids

    small, large = build(2, 2), build(12, 8)
    evening = at(TUESDAY, 19, 30)
    counts = []
    for ids in (small, large):
        with CaptureQueriesContext(connection) as captured:
            samples_check(now=evening, school_ids=ids)
        counts.append(len(captured))
    # Every school misses its afternoon reading: told once each (a fixed few queries per school).
    per_school = (counts[1] - counts[0]) / 10
    assert per_school <= 4, counts
    again = []
    for ids in (small, large):
        with CaptureQueriesContext(connection) as captured:
            samples_check(now=evening, school_ids=ids)
        again.append(len(captured))
    assert again[0] == again[1], again  # nothing new to tell: the same queries for 2 or 12


def test_the_check_is_scheduled_every_five_minutes_by_the_data_migration():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="canteen.check_samples")
    assert task.enabled and task.crontab.minute == "*/5"


def test_api_refuses_to_change_a_disposed_sample(school):
    from django.urls import reverse
    from rest_framework.test import APIClient

    staff = UserFactory(school=school, roles=[Role.CANTEEN])
    sample = SampleFactory(
        school=school, disposed_at=at(TUESDAY + dt.timedelta(3), 9), disposed_by=staff
    )
    client = APIClient()
    client.force_authenticate(staff)
    response = client.patch(
        reverse("canteen-api:foodsample-detail", args=[sample.pk]),
        {"weight_grams": 200},
        format="json",
    )
    assert response.status_code == 400 and "已处置" in response.json()["detail"]
    sample.refresh_from_db()
    assert sample.weight_grams == 150
