"""Factories for safety records (the core ones are in tests/factories.py)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from safety.choices import AgentType, DrillType, EquipmentKind, Frequency, PlaceScope
from safety.models import (
    Drill,
    DutyRoster,
    DutyShift,
    FireEquipment,
    Hazard,
    InspectionTask,
    InspectionTemplate,
    TemplateItem,
    Visitor,
)
from tests.factories import SchoolFactory, UserFactory
from tests.factories import room_of as room_of  # the one room lookup, re-exported


class TemplateFactory(DjangoModelFactory):
    class Meta:
        model = InspectionTemplate

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"日常巡查{n + 1}")
    frequency = Frequency.DAILY
    applies_to = PlaceScope.ROOM_TYPES
    room_types = factory.LazyFunction(lambda: ["classroom"])


class ItemFactory(DjangoModelFactory):
    class Meta:
        model = TemplateItem

    template = factory.SubFactory(TemplateFactory)
    school = factory.SelfAttribute("template.school")
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"检查项目{n + 1}：门窗完好")


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = InspectionTask

    template = factory.SubFactory(TemplateFactory)
    school = factory.SelfAttribute("template.school")
    room = factory.LazyAttribute(lambda o: room_of(o.school))
    due_date = factory.LazyFunction(timezone.localdate)
    due_by = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(hours=8))


class HazardFactory(DjangoModelFactory):
    class Meta:
        model = Hazard

    school = factory.SubFactory(SchoolFactory)
    description = "三楼楼梯扶手松动"
    found_by = factory.LazyAttribute(lambda o: UserFactory(school=o.school))


class EquipmentFactory(DjangoModelFactory):
    class Meta:
        model = FireEquipment

    school = factory.SubFactory(SchoolFactory)
    kind = EquipmentKind.EXTINGUISHER
    code = factory.Sequence(lambda n: f"MHQ-{n + 1:03d}")
    agent = AgentType.DRY_POWDER
    capacity = "4kg"
    room = factory.LazyAttribute(lambda o: room_of(o.school))
    production_date = dt.date(2022, 3, 1)
    next_service_date = dt.date(2027, 3, 1)
    expiry_date = dt.date(2032, 3, 1)


class DrillFactory(DjangoModelFactory):
    class Meta:
        model = Drill

    school = factory.SubFactory(SchoolFactory)
    drill_type = DrillType.FIRE
    title = "消防疏散演练"
    date = dt.date(2026, 9, 15)


class VisitorFactory(DjangoModelFactory):
    class Meta:
        model = Visitor

    school = factory.SubFactory(SchoolFactory)
    name = "李先生"
    id_last4 = "123X"
    unit = "区教育局"
    reason = "检查食堂"
    host = "王主任"


class RosterFactory(DjangoModelFactory):
    class Meta:
        model = DutyRoster

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"寒假值班表{n + 1}")
    start = dt.date(2027, 1, 23)
    end = dt.date(2027, 2, 21)


class ShiftFactory(DjangoModelFactory):
    class Meta:
        model = DutyShift

    roster = factory.SubFactory(RosterFactory)
    school = factory.SelfAttribute("roster.school")
    date = dt.date(2027, 1, 25)
    person = factory.LazyAttribute(lambda o: UserFactory(school=o.school))
