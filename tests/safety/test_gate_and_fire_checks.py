"""Issue 9 points 4 and 5 as a person meets them: the gate log and the monthly fire check.

A full ID number typed at the gate keeps its last four characters and says so; the visitor's
page title is in school time. A defective fire check needs a note, opens one hazard per piece of
equipment however often it is checked, and tells the checker which hazard (with a link).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from safety import services
from safety.choices import CheckResult, HazardStatus
from safety.models import Hazard, Visitor
from tests.safety.factories import EquipmentFactory, VisitorFactory

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("typed", "kept"), [("110101199001011234", "1234"), ("11010119900101123x", "123X")]
)
def test_a_full_id_number_keeps_its_last_four_and_the_guard_is_told(client, logistics, typed, kept):
    client.force_login(logistics)
    form = client.get("/safety/visitors/add/").content.decode()
    # The box must take a whole ID number: a 4-character box keeps the FIRST four as one types.
    box = re.search(r'<input[^>]*name="id_last4"[^>]*>', form).group(0)
    assert 'maxlength="18"' in box
    response = client.post(
        "/safety/visitors/add/",
        {
            "name": "张女士",
            "id_last4": typed,
            "reason": "家长会",
            "host": "刘老师",
            "time_in": "2026-11-20T08:30",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert Visitor.objects.get().id_last4 == kept
    assert f"Only the last four characters are kept: {kept}" in _messages(response)


def test_four_characters_are_kept_as_typed_without_a_notice(client, logistics):
    client.force_login(logistics)
    data = {"name": "李先生", "id_last4": "123x", "reason": "送货", "host": "食堂", "time_in": ""}
    data["time_in"] = "2026-11-20T08:30"
    response = client.post("/safety/visitors/add/", data, follow=True)
    assert Visitor.objects.get().id_last4 == "123X"
    assert not any("last four" in m for m in _messages(response))


def test_the_visitor_page_title_is_in_school_time(client, logistics):
    # 01:55 UTC is 09:55 in Beijing: the title must say what the page body says.
    at = dt.datetime(2026, 11, 20, 1, 55, tzinfo=dt.UTC)
    visitor = VisitorFactory(school=logistics.school, time_in=at)
    client.force_login(logistics)
    page = client.get(visitor.get_absolute_url()).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "09:55" in title and "01:55" not in title
    assert "09:55" in str(visitor)


def _check(client, equipment, result, note=""):
    return client.post(
        f"/safety/fire-equipment/{equipment.pk}/check/",
        {"checked_on": timezone.localdate().isoformat(), "result": result, "note": note},
        follow=True,
    )


def test_a_defective_check_needs_a_note(client, logistics):
    extinguisher = EquipmentFactory(school=logistics.school)
    client.force_login(logistics)
    response = _check(client, extinguisher, CheckResult.DEFECTIVE, note="  ")
    assert "Describe what is wrong with the equipment." in _messages(response)
    assert not extinguisher.checks.exists() and not Hazard.objects.exists()
    with pytest.raises(ValidationError):
        services.fire_equipment_check(
            equipment=extinguisher,
            actor=logistics,
            checked_on=timezone.localdate(),
            result=CheckResult.DEFECTIVE,
        )


def test_two_defective_checks_make_one_hazard_and_the_checker_is_told(client, logistics):
    extinguisher = EquipmentFactory(school=logistics.school)
    client.force_login(logistics)
    first = _check(client, extinguisher, CheckResult.DEFECTIVE, note="压力表指针在红区")
    hazard = Hazard.objects.get()
    assert hazard.description.endswith("压力表指针在红区")
    told = [m for m in _messages(first) if "hazard" in m]
    assert told and f'href="{hazard.get_absolute_url()}"' in told[0]
    assert f'href="{hazard.get_absolute_url()}"' in first.content.decode()  # a link, not text

    second = _check(client, extinguisher, CheckResult.DEFECTIVE, note="铅封脱落")
    assert Hazard.objects.count() == 1 and extinguisher.checks.count() == 2
    assert any("already open" in m for m in _messages(second))

    # Once the hazard is accepted, the next defect is a new hazard.
    other = type(logistics).objects.create(username="acceptor", school=logistics.school)
    now = timezone.now()
    Hazard.objects.filter(pk=hazard.pk).update(
        status=HazardStatus.ACCEPTED,
        handler=logistics,
        handled_at=now,
        accepted_by=other,
        accepted_at=now,
    )
    _check(client, extinguisher, CheckResult.DEFECTIVE, note="喷管老化")
    assert Hazard.objects.count() == 2


def test_the_database_refuses_a_second_open_hazard_for_one_equipment(logistics):
    extinguisher = EquipmentFactory(school=logistics.school)
    common = {"school": logistics.school, "found_by": logistics, "source_equipment": extinguisher}
    Hazard.objects.create(description="坏了", **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Hazard.objects.create(description="又坏了", **common)
