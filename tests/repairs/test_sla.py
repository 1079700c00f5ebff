"""SLA targets in working time, escalation once per breach, auto-confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from core.models import Holiday, Notification
from repairs import escalation, services
from repairs.choices import Priority, Status
from repairs.models import RepairEvent, RepairRequest, RepairSettings
from repairs.sla import Calendar, due_times
from tests.factories import HolidayFactory
from tests.repairs.factories import file_request


def at(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def calendar(school):
    HolidayFactory(
        school=school, name="国庆节", start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 7)
    )
    rules = services.settings_for(school)
    return Calendar.for_school(school, rules), rules


@pytest.mark.django_db
def test_defaults_urgent_same_day_normal_three_low_seven_working_days(calendar):
    cal, rules = calendar
    friday_morning = at(2026, 11, 20, 10, 0)
    urgent = due_times(cal, rules, Priority.URGENT, friday_morning)
    normal = due_times(cal, rules, Priority.NORMAL, friday_morning)
    low = due_times(cal, rules, Priority.LOW, friday_morning)
    assert urgent == (at(2026, 11, 20, 11, 0), at(2026, 11, 20, 17, 0))
    assert normal[1] == at(2026, 11, 25, 17, 0)  # Mon, Tue, Wed: the weekend does not count
    assert low[1] == at(2026, 12, 1, 17, 0)


@pytest.mark.django_db
def test_weekends_evenings_and_holidays_do_not_count(calendar):
    cal, rules = calendar
    friday_evening = at(2026, 11, 20, 16, 30)
    respond, finish = due_times(cal, rules, Priority.NORMAL, friday_evening)
    assert respond == at(2026, 11, 23, 11, 30)  # 30 min Friday + 3.5 h Monday
    before_holiday = at(2026, 9, 30, 18, 0)
    respond, finish = due_times(cal, rules, Priority.URGENT, before_holiday)
    assert respond == at(2026, 10, 8, 9, 0)
    assert finish == at(2026, 10, 8, 17, 0)
    assert cal.working_hours_between(at(2026, 11, 20, 16, 0), at(2026, 11, 23, 9, 0)) == 2.0


@pytest.mark.django_db
def test_a_breach_is_flagged_and_notified_once(school, crew, room):
    request = file_request(school, crew["teacher"], room=room, urgency=Priority.URGENT)
    later = request.respond_due_at + dt.timedelta(minutes=5)
    Notification.objects.all().delete()
    mail.outbox.clear()
    first = escalation.repair_sla_scan(now=later)
    second = escalation.repair_sla_scan(now=later + dt.timedelta(minutes=10))
    assert first["respond_breached_at"] == 1 and second["respond_breached_at"] == 0
    request.refresh_from_db()
    assert request.respond_breached_at == later
    told = set(Notification.objects.values_list("recipient_id", flat=True))
    assert told == {crew["logistics"].pk, crew["director"].pk}
    assert RepairEvent.objects.filter(request=request, kind="respond_breached").count() == 1


@pytest.mark.django_db
def test_a_warning_comes_before_the_finish_breach(school, crew, room):
    request = file_request(school, crew["teacher"], room=room)
    request = services.repair_request_assign(
        request=request, assignee=crew["worker"], actor=crew["logistics"]
    )
    soon = request.finish_due_at - dt.timedelta(hours=1)
    before = Notification.objects.filter(recipient=crew["worker"]).count()
    counts = escalation.repair_sla_scan(now=soon)
    assert counts["finish_warned_at"] == 1 and counts["finish_breached_at"] == 0
    assert Notification.objects.filter(recipient=crew["worker"]).count() == before + 1
    assert not Notification.objects.filter(recipient=crew["director"]).exists()
    assert escalation.repair_sla_scan(now=soon)["finish_warned_at"] == 0


@pytest.mark.django_db
def test_done_requests_are_auto_confirmed_after_n_days(school, crew, room):
    RepairSettings.objects.filter(school=school).update(auto_confirm_days=3)
    request = file_request(school, crew["teacher"], room=room)
    services.repair_request_assign(
        request=request, assignee=crew["worker"], actor=crew["logistics"]
    )
    services.repair_request_finish(request=request, actor=crew["worker"])
    assert escalation.repair_auto_confirm_due(now=timezone.now() + dt.timedelta(days=2)) == 0
    assert escalation.repair_auto_confirm_due(now=timezone.now() + dt.timedelta(days=4)) == 1
    request = RepairRequest.objects.get(pk=request.pk)
    assert request.status == Status.CONFIRMED and request.auto_confirmed
    assert request.rating is None


@pytest.mark.django_db
def test_the_beat_schedule_exists():
    from django_celery_beat.models import PeriodicTask

    tasks = set(
        PeriodicTask.objects.filter(task__startswith="repairs.").values_list("task", flat=True)
    )
    assert tasks == {"repairs.check_sla", "repairs.auto_confirm"}


# ---- the warning in working hours (Friday → Monday, a holiday, a 调休 Saturday) ----
def due_on(request, field: str, moment: dt.datetime) -> RepairRequest:
    RepairRequest.objects.filter(pk=request.pk).update(**{field: moment})
    return RepairRequest.objects.get(pk=request.pk)


def warned_at(request, field: str, *moments: dt.datetime) -> list[bool]:
    """For each moment in turn: did the scan at that moment warn about `field`?"""
    flag = field.replace("_due_at", "_warned_at")
    return [escalation.repair_sla_scan(now=moment)[flag] == 1 for moment in moments]


@pytest.mark.django_db
def test_a_response_due_monday_morning_is_warned_on_friday_afternoon(school, crew, room):
    request = file_request(school, crew["teacher"], room=room)
    due_on(request, "respond_due_at", at(2026, 11, 23, 9, 0))  # Monday 09:00, 2 h warning
    # Not Monday 07:00 (wall clock): Friday 16:00, the last two working hours before it.
    assert warned_at(
        request, "respond_due_at", at(2026, 11, 20, 15, 55), at(2026, 11, 20, 16, 0)
    ) == [False, True]
    told = Notification.objects.filter(recipient=crew["logistics"], title__contains="11-23 09:00")
    assert told.count() == 1


@pytest.mark.django_db
def test_a_finish_due_after_a_holiday_is_warned_before_it(school, crew, room, calendar):
    request = file_request(school, crew["teacher"], room=room)
    services.repair_request_assign(
        request=request, assignee=crew["worker"], actor=crew["logistics"]
    )
    due_on(request, "finish_due_at", at(2026, 10, 8, 10, 0))  # the day after 国庆节
    assert warned_at(request, "finish_due_at", at(2026, 9, 30, 16, 30), at(2026, 10, 8, 8, 0)) == [
        False,
        True,
    ]
    due_on(request, "finish_warned_at", None)
    assert warned_at(request, "finish_due_at", at(2026, 9, 30, 17, 0)) == [True]


@pytest.mark.django_db
def test_a_make_up_saturday_counts_for_due_times_and_warnings(school, crew, room):
    saturday = dt.date(2026, 11, 21)
    HolidayFactory(school=school, name="调休", kind="make_up", start=saturday, end=saturday)
    rules = services.settings_for(school)
    cal = Calendar.for_school(school, rules, around=at(2026, 11, 20, 12, 0))
    respond, finish = due_times(cal, rules, Priority.NORMAL, at(2026, 11, 20, 16, 30))
    assert respond == at(2026, 11, 21, 11, 30)  # 30 min Friday + 3.5 h on the 调休 Saturday
    assert finish == at(2026, 11, 24, 17, 0)  # three working days after Friday: Sat, Mon, Tue
    request = due_on(
        file_request(school, crew["teacher"], room=room), "respond_due_at", at(2026, 11, 23, 9)
    )
    assert warned_at(
        request, "respond_due_at", at(2026, 11, 21, 15, 55), at(2026, 11, 21, 16, 0)
    ) == [False, True]


@pytest.mark.django_db
def test_a_holiday_longer_than_a_year_never_fails_filing_accepting_or_reopening(school, crew, room):
    # Entries stored before calendars were bounded: no working day for well over a year.
    today = timezone.localdate()
    for n in range(-5, 5):
        start = today + dt.timedelta(days=100 * n)
        Holiday.objects.create(
            school=school, name=f"长假{n}", start=start, end=start + dt.timedelta(days=99)
        )
    request = file_request(school, crew["teacher"], room=room)
    assert request.respond_due_at > request.created_at  # wall-clock fallback, not a 500
    request = services.repair_request_accept(
        request=request, actor=crew["logistics"], priority=Priority.URGENT
    )
    assert request.respond_due_at == request.created_at + dt.timedelta(hours=1)
    services.repair_request_assign(
        request=request, assignee=crew["worker"], actor=crew["logistics"]
    )
    services.repair_request_finish(request=request, actor=crew["worker"])
    request = services.repair_request_reopen(
        request=RepairRequest.objects.get(pk=request.pk), actor=crew["teacher"], reason="又坏了"
    )
    assert request.status == Status.REOPENED and request.finish_due_at > timezone.now()
