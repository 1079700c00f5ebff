"""Generating the due inspection rounds, and flagging the overdue ones.

A fixed number of queries whatever the number of schools, places and templates: everything is
read up front, rounds are inserted in batches with ON CONFLICT DO NOTHING over the unique
constraints of InspectionTask, so a second run, or a second beat at the same time, adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from core import robots
from core.calendar import WINDOW_DAYS, SchoolCalendar
from core.choices import Role
from core.models import Building, Room, School, User, UserRole
from core.services import notify
from safety.calendar import is_due
from safety.choices import Frequency, HazardStatus, PlaceScope, TaskStatus
from safety.models import Hazard, InspectionTask, InspectionTemplate, TemplateItem

MAX_CATCH_UP_DAYS = 7  # a worker down longer than this does not flood inspectors with old rounds
BATCH = 2000


def rounds_generate(*, today: dt.date | None = None, school_ids=None) -> int:
    """Create every round due from each template's last generated day up to today (bounded);
    returns how many rounds were new."""
    today = today or timezone.localdate()
    templates = _active_templates(school_ids)
    if not templates:
        return 0
    schools = {t.school_id for t in templates}
    calendars = _calendars(schools, today)
    rooms_by_type = _rooms_by_type(schools)
    inspectors = _first_inspector(schools)
    earliest = today - dt.timedelta(days=MAX_CATCH_UP_DAYS)
    before = InspectionTask.objects.filter(due_date__gte=earliest).count()
    rounds = _rounds(templates, today, earliest, calendars, rooms_by_type, inspectors)
    with transaction.atomic():
        while batch := list(_take(rounds, BATCH)):
            InspectionTask.objects.bulk_create(batch, ignore_conflicts=True)
        InspectionTemplate.objects.filter(pk__in=[t.pk for t in templates]).update(
            generated_through=today
        )
    return InspectionTask.objects.filter(due_date__gte=earliest).count() - before


def _take(iterator: Iterator, n: int) -> Iterator:
    for _index, value in zip(range(n), iterator, strict=False):
        yield value


def _active_templates(school_ids) -> list[InspectionTemplate]:
    # A checklist whose items were all removed after activation produces nothing to answer.
    has_items = Exists(TemplateItem.objects.filter(template=OuterRef("pk")))
    queryset = InspectionTemplate.objects.filter(has_items, is_active=True)
    if school_ids is not None:
        queryset = queryset.filter(school_id__in=school_ids)
    return list(
        queryset.prefetch_related(
            Prefetch("rooms", Room.objects.filter(archived_at__isnull=True).only("id")),
            Prefetch("buildings", Building.objects.filter(archived_at__isnull=True).only("id")),
        )
    )


def _calendars(schools: set[int], today: dt.date) -> dict[int, SchoolCalendar]:
    # Wide enough for a term's start, middle and end points around today (two queries).
    window = dt.timedelta(days=WINDOW_DAYS)
    return SchoolCalendar.load_many(schools, first=today - window, last=today + window)


def _rooms_by_type(schools: set[int]) -> dict[tuple[int, str], list[int]]:
    rooms = defaultdict(list)
    for pk, school_id, room_type in (
        Room.objects.filter(school_id__in=schools, archived_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "school_id", "room_type")
    ):
        rooms[(school_id, room_type)].append(pk)
    return rooms


def _first_inspector(schools: set[int]) -> dict[int, int]:
    """Rounds without a named inspector go to the school's first logistics staff member."""
    found: dict[int, int] = {}
    for school_id, user_id in (
        UserRole.objects.filter(
            role=Role.LOGISTICS, user__school_id__in=schools, user__is_active=True
        )
        .order_by("user_id")
        .values_list("user__school_id", "user_id")
    ):
        found.setdefault(school_id, user_id)
    return found


def _places(template, rooms_by_type) -> tuple[list[int], list[int]]:
    """(room ids, building ids) the template applies to."""
    if template.applies_to == PlaceScope.ROOMS:
        return [r.pk for r in template.rooms.all()], []
    if template.applies_to == PlaceScope.BUILDINGS:
        return [], [b.pk for b in template.buildings.all()]
    rooms = []
    for room_type in template.room_types or []:
        rooms += rooms_by_type.get((template.school_id, room_type), [])
    return rooms, []


def _due_by(template, day: dt.date, slot: int) -> dt.datetime:
    tz = timezone.get_current_timezone()
    if template.frequency == Frequency.HOURLY:
        start = dt.datetime.combine(day, dt.time(slot), tzinfo=tz)
        return start + dt.timedelta(hours=template.interval_hours)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=tz)


def _rounds(templates, today, earliest, calendars, rooms_by_type, inspectors):
    for template in templates:
        start = today
        if template.generated_through is not None:
            start = max(template.generated_through + dt.timedelta(days=1), earliest)
        rooms, buildings = _places(template, rooms_by_type)
        assignee = template.default_assignee_id or inspectors.get(template.school_id)
        day = start
        while day <= today:
            if is_due(template, day, calendars[template.school_id]):
                for slot in template.slots():
                    due_by = _due_by(template, day, slot)
                    common = {
                        "school_id": template.school_id,
                        "template_id": template.pk,
                        "due_date": day,
                        "slot": slot,
                        "due_by": due_by,
                        "assignee_id": assignee,
                    }
                    for room in rooms:
                        yield InspectionTask(room_id=room, **common)
                    for building in buildings:
                        yield InspectionTask(building_id=building, **common)
            day += dt.timedelta(days=1)


def rounds_flag_overdue(*, now: dt.datetime | None = None) -> int:
    """Notify each overdue round once: its inspector, and the school's directors in one summary."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            InspectionTask.objects.select_for_update(skip_locked=True)
            .filter(status=TaskStatus.OPEN, due_by__lt=now, overdue_notified_at__isnull=True)
            .values_list("pk", flat=True)[:20000]
        )
        if not ids:
            return 0
        InspectionTask.objects.filter(pk__in=ids).update(overdue_notified_at=now)
        per_school: dict[int, int] = defaultdict(int)
        per_inspector: dict[tuple[int, int], int] = defaultdict(int)
        for school_id, assignee_id in InspectionTask.objects.filter(pk__in=ids).values_list(
            "school_id", "assignee_id"
        ):
            per_school[school_id] += 1
            if assignee_id:
                per_inspector[(school_id, assignee_id)] += 1
        _notify_overdue(per_school, per_inspector)
    return len(ids)


def _notify_overdue(per_school, per_inspector) -> None:
    from django.urls import reverse

    schools = School.objects.in_bulk(list(per_school))
    users = User.objects.in_bulk([user for _school, user in per_inspector])
    for (school_id, user_id), count in per_inspector.items():
        notify(
            recipients=[users[user_id]],
            school=schools[school_id],
            title=_("%(n)s inspection rounds are overdue") % {"n": count},
            url=reverse("safety:my_tasks"),
        )
    for school_id, count in per_school.items():
        directors = User.objects.filter(
            school_id=school_id, user_roles__role=Role.DIRECTOR, is_active=True
        )
        notify(
            recipients=directors,
            school=schools[school_id],
            title=_("%(n)s inspection rounds are overdue") % {"n": count},
            url=reverse("safety:inspectiontask_list") + "?overdue=true",
        )


def hazards_announce_overdue(*, today: dt.date | None = None) -> int:
    """Tell the group robots of each hazard past its deadline, once per hazard and robot (the
    message's once_key); only hazards overdue for at most MAX_CATCH_UP_DAYS, so a robot added
    later is not flooded with old ones. Returns how many messages were stored."""
    today = today or timezone.localdate()
    overdue = (
        Hazard.objects.exclude(status=HazardStatus.ACCEPTED)
        .filter(deadline__lt=today, deadline__gte=today - dt.timedelta(days=MAX_CATCH_UP_DAYS))
        .select_related("school", "room", "building")
        .order_by("deadline", "pk")
    )
    stored = 0
    for hazard in overdue:
        stored += len(
            robots.announce(
                school=hazard.school,
                event="hazard_overdue",
                title=_("Hazard overdue: %(what)s") % {"what": hazard.description[:40]},
                markdown=_("Deadline %(deadline)s, %(place)s")
                % {"deadline": hazard.deadline, "place": hazard.place or hazard.location_note},
                url=hazard.get_absolute_url(),
                once_key=f"hazard_overdue:{hazard.pk}",
            )
        )
    return stored
