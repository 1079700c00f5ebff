"""Rounds generated from the templates and the school calendar: idempotent, caught up, bounded."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.choices import Role, RoomType
from core.models import Notification
from safety.choices import Frequency, PlaceScope, TaskStatus, TermPoint
from safety.generation import rounds_flag_overdue, rounds_generate
from safety.models import InspectionTask, InspectionTemplate
from safety.tasks import generate_rounds
from tests.factories import HolidayFactory, TermFactory
from tests.safety.factories import ItemFactory, TemplateFactory, room_of

pytestmark = pytest.mark.django_db

TERM = (dt.date(2026, 9, 1), dt.date(2027, 1, 22))
MONDAY = dt.date(2026, 9, 14)


@pytest.fixture
def calendar(school):
    TermFactory(school=school, start=TERM[0], end=TERM[1])
    HolidayFactory(
        school=school, name="国庆节", start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 7)
    )
    return school


def active(school, **kwargs):
    template = TemplateFactory(school=school, is_active=True, **kwargs)
    ItemFactory(template=template)
    return template


def dates(template):
    return sorted(
        set(InspectionTask.objects.filter(template=template).values_list("due_date", flat=True))
    )


def test_one_round_per_place_with_the_logistics_inspector_and_a_second_run_adds_nothing(
    calendar, make_user
):
    inspector = make_user(Role.LOGISTICS)
    rooms = [room_of(calendar) for _ in range(3)]
    room_of(calendar, room_type=RoomType.OFFICE)
    template = active(calendar)
    assert rounds_generate(today=MONDAY) == 3
    assert rounds_generate(today=MONDAY) == 0
    # Without the watermark (a lost update, a second beat that read it before the first wrote
    # it) the unique constraints alone must keep the second run from adding anything.
    InspectionTemplate.objects.update(generated_through=None)
    assert rounds_generate(today=MONDAY) == 0
    InspectionTemplate.objects.update(generated_through=MONDAY - dt.timedelta(days=7))
    rounds_generate(today=MONDAY)
    assert InspectionTask.objects.filter(template=template, due_date=MONDAY).count() == 3
    tasks = InspectionTask.objects.filter(template=template, due_date=MONDAY)
    assert {t.room_id for t in tasks} == {r.pk for r in rooms}
    assert {t.assignee_id for t in tasks} == {inspector.pk}
    assert all(
        t.due_by == dt.datetime(2026, 9, 15, tzinfo=timezone.get_current_timezone()) for t in tasks
    )


def test_no_daily_patrol_in_holidays_or_weekends_unless_the_template_says_so(calendar):
    room_of(calendar)
    patrol = active(calendar)
    fire = active(calendar, runs_in_holidays=True)
    days = (dt.date(2026, 8, 10), dt.date(2026, 9, 19), dt.date(2026, 10, 2))  # summer, Sat, 国庆
    for day in days:
        rounds_generate(today=day)
    assert not set(days) & set(dates(patrol))
    assert set(days) <= set(dates(fire))
    assert dt.date(2026, 9, 18) in dates(patrol)  # a Friday in term, caught up on Saturday


def test_a_missed_day_is_caught_up_within_a_week(calendar):
    room_of(calendar)
    patrol = active(calendar)
    rounds_generate(today=MONDAY)
    rounds_generate(today=MONDAY + dt.timedelta(days=3))  # the worker was down Tue and Wed
    assert dates(patrol) == [MONDAY + dt.timedelta(days=n) for n in range(4)]
    rounds_generate(today=MONDAY + dt.timedelta(days=40))  # down for a month: only the last week
    assert min(
        d for d in dates(patrol) if d > MONDAY + dt.timedelta(days=3)
    ) >= MONDAY + dt.timedelta(days=33)


def test_weekly_monthly_and_term_rhythms_follow_the_calendar(calendar):
    room_of(calendar)
    monday = active(calendar, frequency=Frequency.WEEKLY, weekday=0)
    first = active(calendar, frequency=Frequency.MONTHLY, day_of_month=1)
    last = active(calendar, frequency=Frequency.MONTHLY, day_of_month=31)
    term = active(
        calendar,
        frequency=Frequency.TERM,
        term_points=[TermPoint.START, TermPoint.MIDDLE, TermPoint.END],
    )
    day = TERM[0]
    while day <= TERM[1]:
        rounds_generate(today=day)
        day += dt.timedelta(days=1)
    assert dates(monday)[:2] == [dt.date(2026, 9, 7), dt.date(2026, 9, 14)]
    assert all(d.weekday() == 0 for d in dates(monday))
    assert dt.date(2026, 10, 5) not in dates(monday)  # national-day holiday
    # 1 October is a holiday: the fans are checked on the first school day after it.
    assert dates(first)[:3] == [dt.date(2026, 9, 1), dt.date(2026, 10, 8), dt.date(2026, 11, 2)]
    # Day 31 of a 30-day month falls back to its last day (30 September is a Wednesday).
    assert dt.date(2026, 9, 30) in dates(last)
    assert dates(term) == [dt.date(2026, 9, 1), dt.date(2026, 11, 11), dt.date(2027, 1, 22)]


def test_key_areas_every_two_hours_while_in_use(calendar):
    canteen = room_of(calendar, room_type=RoomType.CANTEEN)
    patrol = active(
        calendar,
        frequency=Frequency.HOURLY,
        interval_hours=2,
        in_use_from=dt.time(7),
        in_use_until=dt.time(19),
        runs_in_holidays=True,
        room_types=[RoomType.CANTEEN],
    )
    assert rounds_generate(today=MONDAY) == 6
    slots = InspectionTask.objects.filter(template=patrol, room=canteen).values_list(
        "slot", flat=True
    )
    assert sorted(slots) == [7, 9, 11, 13, 15, 17]
    assert rounds_generate(today=MONDAY) == 0


def test_templates_on_chosen_buildings_and_inactive_ones(calendar):
    room = room_of(calendar)
    by_building = active(calendar, applies_to=PlaceScope.BUILDINGS, room_types=[])
    by_building.buildings.add(room.building)
    TemplateFactory(school=calendar)  # never activated: generates nothing
    assert rounds_generate(today=MONDAY) == 1
    assert InspectionTask.objects.filter(template=by_building, building=room.building).count() == 1


def test_generation_runs_a_fixed_number_of_queries(school, other_school):
    def build(target, rooms):
        TermFactory(school=target, start=TERM[0], end=TERM[1])
        for _ in range(rooms):
            room_of(target)
        for frequency in (Frequency.DAILY, Frequency.WEEKLY):
            active(target, frequency=frequency, weekday=0)

    build(school, 2)
    with CaptureQueriesContext(connection) as small:
        rounds_generate(today=MONDAY, school_ids=[school.pk])
    build(other_school, 12)
    with CaptureQueriesContext(connection) as large:
        created = rounds_generate(today=MONDAY, school_ids=[other_school.pk])
    assert created == 24
    assert len(large) == len(small)


def test_the_celery_task_generates_todays_rounds(school):
    room_of(school)
    active(school, runs_in_holidays=True)
    assert generate_rounds.delay().get() == 1


def test_overdue_rounds_are_notified_once(calendar, make_user):
    inspector = make_user(Role.LOGISTICS)
    director = make_user(Role.DIRECTOR)
    room_of(calendar)
    active(calendar, runs_in_holidays=True)
    rounds_generate(today=timezone.localdate() - dt.timedelta(days=2))
    rounds_generate()  # yesterday is caught up too
    assert rounds_flag_overdue() == 2  # two days ago and yesterday; today's is not late yet
    assert rounds_flag_overdue() == 0
    assert list(
        Notification.objects.filter(recipient=inspector).values_list("title", flat=True)
    ) == ["2 inspection rounds are overdue"]
    assert Notification.objects.filter(recipient=director).count() == 1
    late = InspectionTask.objects.filter(overdue_notified_at__isnull=False)
    assert all(t.is_overdue and t.status == TaskStatus.OPEN for t in late)
    assert not InspectionTask.objects.get(due_date=timezone.localdate()).is_overdue


def test_an_active_checklist_whose_items_were_removed_generates_nothing(calendar):
    room_of(calendar)
    template = active(calendar, runs_in_holidays=True)
    template.items.all().delete()
    assert rounds_generate(today=MONDAY) == 0


def test_the_beat_schedule_rows_name_tasks_the_worker_knows():
    from django_celery_beat.models import PeriodicTask

    from config.celery import app

    app.loader.import_default_modules()
    scheduled = set(
        PeriodicTask.objects.filter(name__startswith="safety:").values_list("task", flat=True)
    )
    assert scheduled == {"safety.generate_rounds", "safety.flag_overdue_rounds"}
    assert scheduled <= set(app.tasks)


def test_rounds_happen_on_a_make_up_saturday_not_on_a_holiday_weekday(calendar):
    room_of(calendar)
    patrol = active(calendar)
    make_up = dt.date(2026, 10, 10)  # the Saturday worked for 国庆节 (调休)
    HolidayFactory(school=calendar, name="国庆调休", kind="make_up", start=make_up, end=make_up)
    for day in (dt.date(2026, 10, 2), make_up, make_up + dt.timedelta(days=1)):
        rounds_generate(today=day)
    generated = set(dates(patrol))
    assert make_up in generated
    assert dt.date(2026, 10, 2) not in generated  # a Friday in the holiday
    assert make_up + dt.timedelta(days=1) not in generated  # an ordinary Sunday
