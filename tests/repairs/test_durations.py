"""Stored working hours (repairs.durations): set by the steps through the school calendar, filled
for old rows by migration 0008, recomputed after a calendar edit; the statistics' medians over
them equal the old per-row Python computation."""

from __future__ import annotations

import datetime as dt
import importlib
import statistics

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.calendar import SchoolCalendar
from repairs import durations, services, sla, stats
from repairs.choices import Category, Status
from repairs.models import RepairRequest, RepairSettings
from tests.factories import HolidayFactory, SchoolFactory
from tests.repairs.factories import file_request, people, room_of

pytestmark = pytest.mark.django_db

FRI, MON, TUE = (dt.date(2026, 11, d) for d in (20, 23, 24))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def clock(monkeypatch):
    """The steps take their times from timezone.now(): set it to a moment of the test."""
    return lambda moment: monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_steps_store_working_hours_friday_to_monday(school, crew, room, clock):
    clock(at(FRI, 16))
    request = file_request(school, crew["teacher"], room=room)
    assert request.respond_working_hours is None and request.finish_working_hours is None
    clock(at(MON, 11))
    request = services.repair_request_accept(request=request, actor=crew["logistics"])
    # Friday 16:00-17:00 and Monday 08:00-11:00: 4 working hours, not 67 wall-clock ones.
    assert request.respond_working_hours == 4.0
    request = services.repair_request_assign(
        request=request, assignee=crew["worker"], actor=crew["logistics"]
    )
    clock(at(TUE, 10))
    request = services.repair_request_finish(request=request, actor=crew["worker"])
    stored = RepairRequest.objects.get(pk=request.pk)
    assert (stored.respond_working_hours, stored.finish_working_hours) == (4.0, 12.0)
    clock(at(TUE, 11))
    reopened = services.repair_request_reopen(
        request=stored, actor=crew["teacher"], reason="灯管还是闪"
    )
    assert reopened.finish_working_hours is None  # the finish is undone
    assert RepairRequest.objects.get(pk=request.pk).respond_working_hours == 4.0


def test_a_rejection_is_a_response_and_the_school_hours_count(school, crew, room, clock):
    RepairSettings.objects.update_or_create(
        school=school, defaults={"workday_start": dt.time(9), "workday_end": dt.time(18)}
    )
    clock(at(FRI, 17))
    request = file_request(school, crew["teacher"], room=room)
    clock(at(MON, 10))
    rejected = services.repair_request_reject(
        request=request, actor=crew["logistics"], reason="不属于维修范围"
    )
    assert rejected.respond_working_hours == 2.0  # Friday 17:00-18:00, Monday 09:00-10:00


def _history(school, crew, room, filed, responded, finished) -> RepairRequest:
    """A request whose history is written directly, as rows were before the hours were stored."""
    request = file_request(school, crew["teacher"], room=room)
    RepairRequest.objects.filter(pk=request.pk).update(
        status=Status.CONFIRMED,
        owner=crew["logistics"],
        created_at=filed,
        responded_at=responded,
        finished_at=finished,
        respond_due_at=filed,
        finish_due_at=filed,
        respond_working_hours=None,
        finish_working_hours=None,
    )
    return request


def test_the_backfill_migration_fills_old_rows_through_each_school_calendar(school, crew, room):
    HolidayFactory(school=school, name="校庆", start=MON, end=MON)
    other = SchoolFactory()
    other_crew = people(other)
    RepairSettings.objects.create(school=other, workday_start=dt.time(9), workday_end=dt.time(18))
    here = _history(school, crew, room, at(FRI, 16), at(TUE, 9), at(TUE, 12))
    there = _history(other, other_crew, room_of(other), at(FRI, 17, 30), at(TUE, 10), None)
    waiting = file_request(school, crew["teacher"], room=room)
    migration = importlib.import_module("repairs.migrations.0008_backfill_working_hours")
    migration.backfill(apps, connection.schema_editor())
    here.refresh_from_db()
    there.refresh_from_db()
    # Monday is the school's holiday: Friday 16-17 and Tuesday 08-09, 08-12.
    assert (here.respond_working_hours, here.finish_working_hours) == (2.0, 5.0)
    # The other school works 09-18 and has no holiday: Friday 0.5 h, Monday 9 h, Tuesday 1 h.
    assert (there.respond_working_hours, there.finish_working_hours) == (10.5, None)
    assert RepairRequest.objects.get(pk=waiting.pk).respond_working_hours is None


def test_recompute_works_in_batches_of_constant_queries(school, crew, room):
    for day in range(6):
        _history(school, crew, room, at(FRI, 9), at(FRI, 10 + day), None)
    rows = RepairRequest.objects.filter(school=school)
    with CaptureQueriesContext(connection) as captured:
        assert durations.recompute(rows, batch_size=2) == 6
    # Per batch of 2: rows, settings, holidays, terms, one update; then the empty last read.
    assert len(captured) == 3 * 5 + 1
    assert sorted(rows.values_list("respond_working_hours", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert durations.recompute(rows, batch_size=2) == 0  # nothing moved: nothing written


def test_a_holiday_entered_late_recomputes_the_requests_it_spans(
    school, crew, room, django_capture_on_commit_callbacks
):
    request = _history(school, crew, room, at(FRI, 16), at(TUE, 9), at(TUE, 12))
    durations.recompute(RepairRequest.objects.filter(pk=request.pk))
    request.refresh_from_db()
    assert request.respond_working_hours == 11.0  # Monday counted
    with django_capture_on_commit_callbacks(execute=True):
        holiday = HolidayFactory(school=school, name="台风停课", start=MON, end=MON)
    request.refresh_from_db()
    assert request.respond_working_hours == 2.0
    with django_capture_on_commit_callbacks(execute=True):
        holiday.delete()
    request.refresh_from_db()
    assert request.respond_working_hours == 11.0


def test_the_command_recomputes_one_school(school, crew, room, capsys):
    request = _history(school, crew, room, at(FRI, 16), at(MON, 9), None)
    call_command("recompute_repair_hours", "--school", school.code)
    request.refresh_from_db()
    assert request.respond_working_hours == 2.0
    assert "1" in capsys.readouterr().out


def _old_median(school, rows, end: str) -> float | None:
    """The statistics' former computation: each row's working hours in Python, then the median."""
    calendar = SchoolCalendar.load(
        school.pk,
        first=dt.date(2026, 11, 1),
        last=dt.date(2026, 12, 31),
        hours=sla.working_hours(services.settings_for(school)),
    )
    hours = [
        calendar.working_hours_between(row.created_at, getattr(row, end))
        for row in rows
        if getattr(row, end) is not None
    ]
    return round(statistics.median(hours), 1) if hours else None


def test_the_medians_equal_the_old_python_computation(school, crew, room):
    HolidayFactory(
        school=school, name="校庆", start=dt.date(2026, 11, 25), end=dt.date(2026, 11, 25)
    )
    moments = [  # (filed, responded, finished): odd and even counts, over weekend and holiday
        (at(FRI, 16), at(MON, 11), at(dt.date(2026, 11, 26), 10)),
        (at(FRI, 9), at(FRI, 9, 20), at(FRI, 15, 45)),
        (at(MON, 8, 10), at(MON, 14, 55), None),
        (at(TUE, 12), at(TUE, 12, 5), at(dt.date(2026, 11, 27), 16, 30)),
        (at(TUE, 18), None, None),
        (at(dt.date(2026, 11, 24), 7), at(dt.date(2026, 11, 26), 8, 30), at(TUE, 23)),
    ]
    for filed, responded, finished in moments:
        _history(school, crew, room, filed, responded, finished)
    RepairRequest.objects.filter(school=school, created_at=at(FRI, 9)).update(
        category=Category.PLUMBING
    )
    durations.recompute(RepairRequest.objects.filter(school=school))
    rows = list(RepairRequest.objects.filter(school=school))
    total, groups = stats.compute(RepairRequest.objects.filter(school=school), "category")
    assert total.median_respond == _old_median(school, rows, "responded_at") == 4.0
    assert total.median_finish == _old_median(school, rows, "finished_at") == 15.0  # (9 + 21) / 2
    for group in groups:
        mine = [row for row in rows if row.category == group.key]
        assert group.median_respond == _old_median(school, mine, "responded_at"), group.key
        assert group.median_finish == _old_median(school, mine, "finished_at"), group.key
