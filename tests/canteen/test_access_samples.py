"""Every role against the sample records: list, detail, create, update, delete, school isolation
(issue 11, point 10: canteen staff record; the director and the canteen manager approve and read
everything; the principal and the district read; teachers see nothing of the samples)."""

from __future__ import annotations

import itertools

import pytest

from canteen.models import FoodSample, FridgeTemperature, SampleFridge
from core.choices import Role
from tests.access_matrix import ALL_ROLES, Resource, check_role
from tests.canteen.factories_samples import (
    TUESDAY,
    FridgeFactory,
    SampleFactory,
    TemperatureFactory,
    menu_dish,
)
from tests.factories import UserFactory, room_of

SEQ = itertools.count(1)
READERS = {
    Role.LOGISTICS,
    Role.DIRECTOR,
    Role.PRINCIPAL,
    Role.ADMIN,
    Role.DISTRICT,
    Role.CANTEEN,
    Role.CANTEEN_MANAGER,
}
RECORDERS = {Role.CANTEEN, Role.CANTEEN_MANAGER, Role.DIRECTOR, Role.ADMIN}
APPROVERS = {Role.CANTEEN_MANAGER, Role.DIRECTOR, Role.ADMIN}


def _crud(view, manage):
    return {"view": view, "add": manage, "change": manage, "delete": manage}


def _fridge_data(school):
    return {
        "number": f"LY-X{next(SEQ)}",
        "name": "留样冰箱",
        "room": room_of(school).pk,
        "active": True,
    }


def _temperature_data(school):
    return {
        "fridge": FridgeFactory(school=school).pk,
        "day": TUESDAY.isoformat(),
        "period": "afternoon",
        "celsius": "4.5",
        "note": "",
    }


def _sample_form(school):
    return {
        "day": TUESDAY.isoformat(),
        "meal": "lunch",
        "dish": menu_dish(school).pk,
        "weight_grams": 150,
        "fridge": FridgeFactory(school=school).pk,
        "taken_at": "2026-11-24T12:05",
    }


def _sample_api(school):
    return {**_sample_form(school), "taken_at": "2026-11-24T12:05:00+08:00"}


RESOURCES = {
    "fridge": Resource(
        SampleFridge,
        "canteen:samplefridge",
        "canteen-api:samplefridge",
        make=lambda s: FridgeFactory(school=s),
        form_data=_fridge_data,
        api_data=_fridge_data,
        can=_crud(READERS, APPROVERS),
    ),
    "temperature": Resource(
        FridgeTemperature,
        "canteen:fridgetemperature",
        "canteen-api:fridgetemperature",
        make=lambda s: TemperatureFactory(school=s),
        form_data=_temperature_data,
        api_data=_temperature_data,
        can=_crud(READERS, RECORDERS),
    ),
    "sample": Resource(
        FoodSample,
        "canteen:foodsample",
        "canteen-api:foodsample",
        make=lambda s: SampleFactory(school=s),
        form_data=_sample_form,
        api_data=_sample_api,
        can=_crud(READERS, RECORDERS),
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.DISTRICT])
@pytest.mark.parametrize("resource_name", RESOURCES)
def test_role_access_and_school_isolation(resource_name, role, school, other_school, make_user):
    user = make_user(role)
    mismatches = check_role(
        RESOURCES[resource_name], role, school=school, other_school=other_school, user=user
    )
    assert mismatches == {}, f"{resource_name} as {role}: (got, wanted) {mismatches}"


@pytest.mark.django_db
@pytest.mark.parametrize("resource_name", RESOURCES)
def test_district_viewer_reads_its_schools_only(resource_name, school, other_school):
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    mismatches = check_role(
        RESOURCES[resource_name],
        Role.DISTRICT,
        school=school,
        other_school=other_school,
        user=viewer,
    )
    assert mismatches == {}, f"{resource_name} as district viewer: {mismatches}"
