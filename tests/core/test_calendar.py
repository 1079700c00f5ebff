"""The school calendar (core.calendar): working days from holidays and 调休 days, working time,
its bounded fallback, and the calendar entries a school admin may (not) enter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.calendar import SchoolCalendar
from core.choices import HolidayKind, Role
from core.models import Holiday
from tests.factories import HolidayFactory

pytestmark = pytest.mark.django_db

FRIDAY = dt.date(2026, 11, 20)
SATURDAY = dt.date(2026, 11, 21)
MONDAY = dt.date(2026, 11, 23)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def calendar_of(school) -> SchoolCalendar:
    return SchoolCalendar.around(school.pk, at(FRIDAY, 12))


def test_friday_to_monday_over_the_weekend(school):
    cal = calendar_of(school)
    assert cal.add_working_hours(at(FRIDAY, 16), 2) == at(MONDAY, 9)
    assert cal.subtract_working_hours(at(MONDAY, 9), 2) == at(FRIDAY, 16)
    assert cal.working_hours_between(at(FRIDAY, 16), at(MONDAY, 9)) == 2.0
    # Reached exactly at the end of Friday: due Friday 17:00, not Monday 08:00.
    assert cal.add_working_hours(at(FRIDAY, 16), 1) == at(FRIDAY, 17)
    assert cal.end_of_working_day(at(FRIDAY, 17, 30), 0) == at(MONDAY, 17)


def test_a_holiday_does_not_count(school):
    HolidayFactory(
        school=school, name="国庆节", start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 7)
    )
    cal = calendar_of(school)
    assert not cal.is_working_day(dt.date(2026, 10, 5))  # a Monday in the holiday
    assert cal.add_working_hours(at(dt.date(2026, 9, 30), 16), 3) == at(dt.date(2026, 10, 8), 10)
    assert cal.subtract_working_hours(at(dt.date(2026, 10, 8), 9), 2) == at(
        dt.date(2026, 9, 30), 16
    )


def test_a_make_up_saturday_is_a_working_day(school):
    HolidayFactory(
        school=school, name="调休", kind=HolidayKind.MAKE_UP, start=SATURDAY, end=SATURDAY
    )
    cal = calendar_of(school)
    assert cal.is_working_day(SATURDAY) and cal.is_school_day(SATURDAY)
    assert not cal.is_working_day(SATURDAY + dt.timedelta(days=1))
    assert cal.add_working_hours(at(FRIDAY, 16), 2) == at(SATURDAY, 9)
    assert cal.subtract_working_hours(at(MONDAY, 9), 2) == at(SATURDAY, 16)
    assert cal.working_hours_between(at(FRIDAY, 16), at(MONDAY, 9)) == 11.0


def test_a_calendar_is_two_queries_whatever_its_length(school):
    for month in range(1, 12):
        HolidayFactory(
            school=school,
            name=f"假{month}",
            start=dt.date(2026, month, 1),
            end=dt.date(2026, month, 3),
        )
    with CaptureQueriesContext(connection) as captured:
        cal = SchoolCalendar.around(school.pk, at(FRIDAY, 12))
        cal.working_hours_between(at(dt.date(2026, 1, 5), 9), at(FRIDAY, 9))
        cal.add_working_hours(at(FRIDAY, 9), 500)
    assert len(captured) == 2


def test_no_working_day_for_over_a_year_falls_back_to_wall_clock_time(school):
    # Stored before holidays were bounded: adjacent 100-day holidays cover the whole window.
    start = FRIDAY - dt.timedelta(days=450)
    for n in range(9):
        Holiday.objects.create(
            school=school,
            name=f"长假{n}",
            start=start + dt.timedelta(days=100 * n),
            end=start + dt.timedelta(days=100 * n + 99),
        )
    cal = calendar_of(school)
    assert cal.add_working_hours(at(FRIDAY, 10), 3) == at(FRIDAY, 13)
    assert cal.subtract_working_hours(at(FRIDAY, 10), 2) == at(FRIDAY, 8)
    assert cal.end_of_working_day(at(FRIDAY, 10), 3) == at(FRIDAY + dt.timedelta(days=3), 17)


def test_filing_a_repair_in_a_year_long_holiday_still_works(client, school, make_user):
    from tests.repairs.factories import room_of

    today = timezone.localdate()
    for n in range(5):
        Holiday.objects.create(
            school=school,
            name=f"长假{n}",
            start=today - dt.timedelta(days=10 - 100 * n),
            end=today + dt.timedelta(days=100 * n + 89),
        )
    client.force_login(make_user(Role.TEACHER))
    room = room_of(school)
    response = client.post(
        "/repairs/new/",
        {
            "client_token": "7d1f7b40-9a53-4d0e-8a55-3c1e5f1c2f11",
            "room": room.pk,
            "category": "plumbing",
            "description": "二楼男厕水龙头关不紧，一直滴水",
            "urgency": "normal",
        },
    )
    assert response.status_code == 302


# ---- what an admin may enter ----
HOLIDAYS = "/places/holidays/add/"
API = "/api/v1/core/holidays/"


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(Role.ADMIN))
    return client


def form_errors(response) -> str:
    assert response.status_code == 400, response.status_code
    return response.content.decode()


def test_a_make_up_day_on_a_weekday_is_refused_in_chinese(admin_client, school):
    wednesday = {"name": "调休", "kind": "make_up", "start": "2026-11-25", "end": "2026-11-25"}
    assert "调休上班日必须是星期六或星期日" in form_errors(admin_client.post(HOLIDAYS, wednesday))
    api = admin_client.post(API, wednesday, content_type="application/json")
    assert api.status_code == 400 and "调休上班日必须是星期六或星期日" in api.content.decode()
    saturday = {**wednesday, "start": "2026-11-21", "end": "2026-11-21"}
    assert admin_client.post(API, saturday, content_type="application/json").status_code == 201
    next_saturday = {**saturday, "start": "2026-11-28", "end": "2026-11-28"}
    assert admin_client.post(HOLIDAYS, next_saturday).status_code == 302
    assert Holiday.objects.filter(kind=HolidayKind.MAKE_UP).count() == 2


def test_overlapping_holidays_are_refused(admin_client, school):
    HolidayFactory(
        school=school, name="国庆节", start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 7)
    )
    overlap = {"name": "秋假", "kind": "holiday", "start": "2026-10-06", "end": "2026-10-09"}
    assert "国庆节" in form_errors(admin_client.post(HOLIDAYS, overlap))
    api = admin_client.post(API, overlap, content_type="application/json")
    assert api.status_code == 400 and "重叠" in api.content.decode()
    assert Holiday.objects.count() == 1
    # Editing a holiday does not clash with itself; the day after is free.
    holiday = Holiday.objects.get()
    edit = {"name": "国庆节", "kind": "holiday", "start": "2026-10-01", "end": "2026-10-08"}
    assert admin_client.post(f"/places/holidays/{holiday.pk}/edit/", edit).status_code == 302
    assert (
        admin_client.patch(
            f"{API}{holiday.pk}/", {"end": "2026-10-07"}, content_type="application/json"
        ).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        ("0049-01-01", "0049-01-02", "之间的日期"),
        ("2026-10-01", "4496-10-01", "之间的日期"),
        ("2027-07-01", "2027-12-31", "假期最长"),
    ],
)
def test_dates_a_school_calendar_cannot_hold_are_refused(admin_client, school, start, end, says):
    data = {"name": "假", "kind": "holiday", "start": start, "end": end}
    assert says in form_errors(admin_client.post(HOLIDAYS, data))
    api = admin_client.post(API, data, content_type="application/json")
    assert api.status_code == 400 and says in api.content.decode()
    assert not Holiday.objects.exists()


def test_the_database_refuses_years_outside_2000_to_2099(school):
    with pytest.raises(IntegrityError), transaction.atomic():
        Holiday.objects.create(
            school=school, name="假", start=dt.date(49, 1, 1), end=dt.date(49, 1, 2)
        )


def test_a_term_of_impossible_dates_is_refused(admin_client, school):
    far = {"name": "远期学期", "start": "4496-09-01", "end": "4497-01-20"}
    assert "之间的日期" in form_errors(admin_client.post("/places/terms/add/", far))
    api = admin_client.post("/api/v1/core/terms/", far, content_type="application/json")
    assert api.status_code == 400 and "之间的日期" in api.content.decode()
    year_long = {"name": "全年", "start": "2026-09-01", "end": "2027-08-31"}
    assert "学期最长" in form_errors(admin_client.post("/places/terms/add/", year_long))
    assert (
        admin_client.post(
            "/places/terms/add/", {"name": "秋季学期", "start": "2026-09-01", "end": "2027-01-22"}
        ).status_code
        == 302
    )


def test_the_admin_site_refuses_an_overlap_and_a_weekday_make_up_day(client, make_user, school):
    HolidayFactory(
        school=school, name="国庆节", start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 7)
    )
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    add = "/admin/core/holiday/add/"
    overlap = {"name": "秋假", "kind": "holiday", "start": "2026-10-07", "end": "2026-10-09"}
    response = client.post(add, overlap)
    assert response.status_code == 200 and "国庆节" in response.content.decode()
    weekday = {"name": "调休", "kind": "make_up", "start": "2026-10-12", "end": "2026-10-12"}
    assert "调休上班日必须是星期六或星期日" in client.post(add, weekday).content.decode()
    saturday = {**weekday, "start": "2026-10-10", "end": "2026-10-10"}
    assert client.post(add, saturday).status_code == 302
    assert Holiday.objects.filter(school=school).count() == 2
