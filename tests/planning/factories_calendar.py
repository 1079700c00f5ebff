"""Factories of the work calendar's records."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from core.choices import Role
from planning.models.calendar import WorkItem, WorkTask, months_mask
from tests.factories import SchoolFactory


class ItemFactory(DjangoModelFactory):
    class Meta:
        model = WorkItem

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"消防器材检查{n + 1}")
    description = "检查灭火器压力和有效期"
    months = months_mask([9, 11])
    owner_role = Role.LOGISTICS


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = WorkTask

    item = factory.SubFactory(ItemFactory)
    school = factory.SelfAttribute("item.school")
    month = dt.date(2026, 11, 1)
    due_on = dt.date(2026, 11, 30)
    owner_role = factory.SelfAttribute("item.owner_role")
