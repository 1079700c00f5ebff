"""Safety: generating a day's inspection rounds for 200 schools × 100 places × 10 templates."""

from __future__ import annotations

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.choices import Role, RoomType
from core.models import Building, Campus, Room, School, User, UserRole
from safety.choices import Frequency, PlaceScope
from safety.generation import rounds_generate
from safety.models import InspectionTask, InspectionTemplate, TemplateItem

SCHOOLS, PLACES, TEMPLATES = 200, 100, 10


def measure(report) -> None:
    school_ids = _build()
    today = timezone.localdate()
    for label in ("first run", "second run", "a second beat that read before the first committed"):
        if label.startswith("a second beat"):
            # It did not see generated_through move: every row it inserts hits the constraint.
            InspectionTemplate.objects.update(generated_through=None)
        before = InspectionTask.objects.count()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            created = rounds_generate(today=today, school_ids=school_ids)
        elapsed = time.perf_counter() - start
        assert created == InspectionTask.objects.count() - before
        report.add(
            f"safety rounds, {SCHOOLS}×{PLACES}×{TEMPLATES}, {label}",
            f"{elapsed:.1f} s",
            f"{created} rounds created, {len(captured)} queries",
        )


def _build() -> list[int]:
    schools = School.objects.bulk_create(
        [School(name=f"压测学校{i}", code=f"bench-safety-{i}") for i in range(SCHOOLS)]
    )
    campuses = Campus.objects.bulk_create([Campus(school=s, name="本部") for s in schools])
    buildings = Building.objects.bulk_create(
        [Building(school=c.school, campus=c, code="A", name="教学楼", floors=4) for c in campuses]
    )
    Room.objects.bulk_create(
        [
            Room(
                school=b.school,
                building=b,
                code=f"{n:03d}",
                name=f"教室{n}",
                floor=n % 4 + 1,
                room_type=RoomType.CLASSROOM,
            )
            for b in buildings
            for n in range(PLACES)
        ],
        batch_size=5000,
    )
    users = User.objects.bulk_create(
        [User(username=f"bench-safety-{s.pk}", school=s, last_name="陈") for s in schools]
    )
    UserRole.objects.bulk_create([UserRole(user=u, role=Role.LOGISTICS) for u in users])
    templates = InspectionTemplate.objects.bulk_create(
        [
            InspectionTemplate(
                school=s,
                name=f"巡查表{n}",
                frequency=Frequency.DAILY,
                runs_in_holidays=True,
                applies_to=PlaceScope.ROOM_TYPES,
                room_types=[RoomType.CLASSROOM],
                is_active=True,
            )
            for s in schools
            for n in range(TEMPLATES)
        ]
    )
    TemplateItem.objects.bulk_create(
        [TemplateItem(school_id=t.school_id, template=t, text="门窗完好") for t in templates]
    )
    return [s.pk for s in schools]
