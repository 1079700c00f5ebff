"""The demo calendar: the seed items, this school year's tasks, most past ones done, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from core.demo import seed_demo_school
from planning.calendar_seed import SEED
from planning.demo_calendar import seed_calendar_demo
from planning.models.calendar import TaskStatus, WorkItem, WorkTask

pytestmark = pytest.mark.django_db


def _state():
    return list(WorkTask.objects.order_by("pk").values_list("pk", "status", "note"))


def test_the_demo_calendar_is_seeded_once():
    school = seed_demo_school()
    seed_calendar_demo()
    first = _state()
    seed_calendar_demo()
    assert _state() == first
    assert WorkItem.objects.filter(school=school).count() == len(SEED)
    this = timezone.localdate().replace(day=1)
    assert WorkTask.objects.filter(school=school, month=this).exists()
    past = WorkTask.objects.filter(school=school, month__lt=this)
    if past.exists():
        done = past.filter(status=TaskStatus.DONE).count()
        assert done > 0 and past.filter(status=TaskStatus.OPEN).count() < done
