"""The demo's hygiene records: seeded once (a second run changes nothing), the canteen's
checklists on the kitchen, assigned to the canteen manager."""

from __future__ import annotations

import pytest

from canteen.models import (
    AccompaniedMeal,
    DisinfectionBatch,
    HealthCertificate,
    MorningCheck,
    StaffMember,
)
from canteen.services.hygiene import CHECKLISTS
from core.demo import seed_demo_school
from safety.models import InspectionTemplate

pytestmark = pytest.mark.django_db


def _counts():
    return [
        m.objects.count()
        for m in (StaffMember, HealthCertificate, MorningCheck, DisinfectionBatch, AccompaniedMeal)
    ]


def test_the_demo_is_seeded_once_with_its_checklists():
    school = seed_demo_school()
    before = _counts()
    seed_demo_school()
    assert _counts() == before and before[0] == 4
    names = [name for name, _rhythm, _items in CHECKLISTS]
    templates = InspectionTemplate.objects.filter(school=school, name__in=names)
    assert {(t.is_active, t.default_assignee.username) for t in templates} == {(True, "canteenmgr")}
    assert {r.name for t in templates for r in t.rooms.all()} == {"操作间"}
    assert AccompaniedMeal.objects.filter(school=school, status="open").count() == 1
    assert not DisinfectionBatch.objects.filter(
        below_minimum=True, resolved_at__isnull=True
    ).exists()
