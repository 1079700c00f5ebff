"""Food samples: recording (underweight kept and flagged, typos refused, once per dish), disposal
(48 hours, who and when) through the page, the API and the admin, and the temperature log."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from canteen.models import CanteenSettings, FoodSample, FridgeTemperature
from canteen.services import samples as services
from core.choices import Role
from tests.canteen.factories_samples import (
    TUESDAY,
    FridgeFactory,
    SampleFactory,
    at,
    served_meal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_user):
    return make_user(Role.CANTEEN, first_name="小红", last_name="王")


def _record(school, staff, dish, grams=150, fridge=None, **extra):
    return services.sample_record(
        school=school,
        day=TUESDAY,
        meal="lunch",
        dish=dish,
        weight_grams=grams,
        fridge=fridge or FridgeFactory(school=school),
        actor=staff,
        taken_at=at(TUESDAY, 12, 5),
        **extra,
    )


def test_a_sample_under_the_school_minimum_is_saved_flagged(school, staff):
    CanteenSettings.objects.create(school=school, sample_min_grams=150)
    dish = served_meal(school)[0]
    sample, created = _record(school, staff, dish, grams=130)
    sample.refresh_from_db()
    assert created and sample.weight_grams == 130 and sample.min_grams == 150
    assert sample.underweight is True
    ok, _ = _record(school, staff, served_meal(school, dishes=2)[1], grams=150)
    ok.refresh_from_db()
    assert ok.underweight is False


def test_the_minimum_never_drops_below_125_grams(school):
    with pytest.raises(ValidationError):
        CanteenSettings(school=school, sample_min_grams=100).full_clean()


def test_a_second_record_of_the_same_dish_updates_the_one_row(school, staff):
    dish = served_meal(school)[0]
    first, created = _record(school, staff, dish, grams=90)
    again, created_again = _record(school, staff, dish, grams=140)
    assert created and not created_again and first.pk == again.pk
    assert FoodSample.objects.get().weight_grams == 140


def test_a_typo_weight_and_a_dish_not_served_are_refused_nothing_saved(school, staff):
    dish = served_meal(school)[0]
    with pytest.raises(ValidationError) as typo:
        _record(school, staff, dish, grams=15000)
    assert "15000" not in str(typo.value) and "2000" in str(typo.value)
    other = served_meal(school, meal="breakfast", dishes=4)[3]
    with pytest.raises(ValidationError) as off_menu:
        _record(school, staff, other)
    assert "不在" in " ".join(off_menu.value.messages)
    assert FoodSample.objects.count() == 0


def test_disposal_before_48_hours_is_refused_with_the_time_it_may_be(school, staff):
    sample = SampleFactory(school=school, taken_at=at(TUESDAY, 12, 0))
    with pytest.raises(ValidationError) as early:
        services.sample_dispose(sample=sample, actor=staff, now=at(TUESDAY + dt.timedelta(1), 12))
    assert "48" in early.value.messages[0] and "2026-11-26 12:00" in early.value.messages[0]
    sample.refresh_from_db()
    assert sample.disposed_at is None and sample.disposed_by is None
    done = services.sample_dispose(
        sample=sample, actor=staff, now=at(TUESDAY + dt.timedelta(2), 12)
    )
    assert done.disposed_by == staff and done.disposed_at == at(TUESDAY + dt.timedelta(2), 12)
    with pytest.raises(ValidationError):
        services.sample_dispose(sample=sample, actor=staff, now=at(TUESDAY + dt.timedelta(3), 9))


def test_a_disposed_sample_cannot_be_recorded_again(school, staff):
    sample = SampleFactory(school=school, taken_at=at(TUESDAY, 12, 0))
    services.sample_dispose(sample=sample, actor=staff, now=at(TUESDAY + dt.timedelta(3), 9))
    with pytest.raises(ValidationError):
        _record(school, staff, sample.dish, grams=200)


def test_api_disposal_too_early_is_a_400_with_a_chinese_sentence(school, staff):
    sample = SampleFactory(school=school, taken_at=at(TUESDAY + dt.timedelta(days=3000), 12))
    client = APIClient()
    client.force_authenticate(staff)
    response = client.post(reverse("canteen-api:foodsample-dispose", args=[sample.pk]))
    assert response.status_code == 400
    assert response.json()["code"] == "too_early"
    assert "48" in response.json()["detail"] and "小时" in response.json()["detail"]
    sample.refresh_from_db()
    assert sample.disposed_at is None


def test_api_records_through_the_service(school, staff):
    dish = served_meal(school)[0]
    fridge = FridgeFactory(school=school)
    client = APIClient()
    client.force_authenticate(staff)
    body = {
        "day": TUESDAY.isoformat(),
        "meal": "lunch",
        "dish": dish.pk,
        "weight_grams": 110,
        "fridge": fridge.pk,
    }
    response = client.post(reverse("canteen-api:foodsample-list"), body)
    assert response.status_code == 201, response.json()
    assert response.json()["underweight"] is True and response.json()["sampler"] == staff.pk
    other = served_meal(school, meal="dinner", dishes=4)[3]
    refused = client.post(reverse("canteen-api:foodsample-list"), {**body, "dish": other.pk})
    assert refused.status_code == 400 and "dish" in refused.json()["fields"]


def test_admin_disposal_goes_through_the_48_hour_rule(client, school, make_user):
    admin_user = make_user(Role.ADMIN, is_staff=True)
    sample = SampleFactory(school=school, taken_at=at(TUESDAY + dt.timedelta(days=3000), 12))
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:canteen_foodsample_changelist"),
        {"action": "dispose", "_selected_action": [sample.pk]},
        follow=True,
    )
    assert "48" in response.content.decode()
    sample.refresh_from_db()
    assert sample.disposed_at is None


def test_a_temperature_typo_is_refused_a_real_excursion_is_kept_flagged(client, school, staff):
    fridge = FridgeFactory(school=school)
    client.force_login(staff)
    url = reverse("canteen:fridgetemperature_add")
    data = {"fridge": fridge.pk, "day": TUESDAY.isoformat(), "period": "morning"}
    typo = client.post(url, {**data, "celsius": "80"})
    assert typo.status_code == 400
    assert "8.0" in typo.content.decode() and "80" in typo.content.decode()
    assert FridgeTemperature.objects.count() == 0
    warm = client.post(url, {**data, "celsius": "9.5"})
    assert warm.status_code == 302
    reading = FridgeTemperature.objects.get()
    assert reading.out_of_range is True and reading.recorded_by == staff


def test_the_phone_page_records_one_dish_then_all_the_rest(client, school, staff):
    dishes = served_meal(school, day=TUESDAY, dishes=4)
    fridge = FridgeFactory(school=school)
    client.force_login(staff)
    url = reverse("canteen:sample_meal")
    page = client.get(url + f"?day={TUESDAY}&meal=lunch")
    assert page.status_code == 200 and "番茄炒蛋" in page.content.decode()
    one = client.post(
        url + f"?day={TUESDAY}&meal=lunch",
        {"dish": dishes[1].pk, "weight_grams": 130, "fridge": fridge.pk},
    )
    assert one.status_code == 302
    assert FoodSample.objects.get().sampler == staff
    rest = client.post(
        url + f"?day={TUESDAY}&meal=lunch",
        {"record_all": "1", "weight_grams": 140, "fridge": fridge.pk},
    )
    assert rest.status_code == 302
    weights = dict(FoodSample.objects.values_list("dish__name", "weight_grams"))
    assert weights == {"米饭": 140, "番茄炒蛋": 130, "红烧鸡块": 140, "清炒菠菜": 140}
    labels = client.get(reverse("canteen:sample_labels") + f"?day={TUESDAY}&meal=lunch")
    assert labels["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(labels.content)).pages)
    assert "番茄炒蛋" in text and "王小红" in text.replace(" ", "") and "2026-11-24" in text


def test_the_phone_page_refuses_a_typo_weight_with_a_clear_message(client, school, staff):
    dish = served_meal(school, day=TUESDAY, dishes=1)[0]
    fridge = FridgeFactory(school=school)
    client.force_login(staff)
    response = client.post(
        reverse("canteen:sample_meal") + f"?day={TUESDAY}&meal=lunch",
        {"dish": dish.pk, "weight_grams": 12500, "fridge": fridge.pk},
    )
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    assert FoodSample.objects.count() == 0


def test_a_correction_keeps_the_minimum_in_force_when_the_sample_was_taken(school, staff):
    dish = served_meal(school)[0]
    _record(school, staff, dish, grams=130)
    CanteenSettings.objects.create(school=school, sample_min_grams=150)
    corrected, _created = _record(school, staff, dish, grams=135)
    corrected.refresh_from_db()
    assert corrected.min_grams == 125 and corrected.underweight is False
