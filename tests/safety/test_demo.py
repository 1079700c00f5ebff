"""The demo school's safety data: the routines of the domain notes, idempotent."""

import pytest

from core.demo import seed_demo_school
from safety.demo import ROUTINES, seed_safety_demo
from safety.models import (
    Drill,
    DutyShift,
    FireEquipment,
    Hazard,
    InspectionTask,
    InspectionTemplate,
    TemplateItem,
    Visitor,
)

pytestmark = pytest.mark.django_db
MODELS = [
    InspectionTemplate,
    TemplateItem,
    InspectionTask,
    FireEquipment,
    Drill,
    Visitor,
    DutyShift,
    Hazard,
]


def test_seeding_twice_changes_nothing_and_gives_logistics1_todays_rounds():
    school = seed_demo_school()
    counts = [m.objects.count() for m in MODELS]
    seed_safety_demo()
    assert [m.objects.count() for m in MODELS] == counts
    # Safety's own routines (the canteen adds its checklists to the same school).
    templates = InspectionTemplate.objects.filter(school=school, name__in=[r[0] for r in ROUTINES])
    assert templates.count() == 9 and all(t.is_active for t in templates)
    assert templates.get(name="重点部位防火巡查（每2小时）").interval_hours == 2
    assert FireEquipment.objects.filter(school=school).count() == 10
    assert DutyShift.objects.filter(roster__holiday__name="寒假").count() == 60
    # Today's rounds exist (the statutory fire patrol runs every day, holidays included).
    assert InspectionTask.objects.filter(
        school=school, template__name="每日防火巡查", assignee__username="logistics1"
    ).exists()
