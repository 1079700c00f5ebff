"""Templates that cannot work, fire equipment checks, the gate log, drills of a term."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.choices import Role, SchoolKind
from safety import selectors, services
from safety import views as safety_views
from safety.choices import CheckResult, DrillStatus, Frequency, HazardStatus, TermPoint
from safety.models import Hazard, InspectionTemplate
from tests.factories import BuildingFactory, TermFactory
from tests.safety.factories import (
    DrillFactory,
    EquipmentFactory,
    ItemFactory,
    TemplateFactory,
    VisitorFactory,
)

pytestmark = pytest.mark.django_db


def test_a_template_without_items_cannot_be_activated(school, director):
    template = TemplateFactory(school=school)
    with pytest.raises(ValidationError, match="without items"):
        services.template_activate(template=template, actor=director)
    template.refresh_from_db()
    assert not template.is_active
    ItemFactory(template=template)
    assert services.template_activate(template=template, actor=director).is_active


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"frequency": Frequency.WEEKLY, "weekday": 9}, "weekday"),
        ({"frequency": Frequency.HOURLY, "interval_hours": 0}, "at least 1"),
        ({"frequency": Frequency.MONTHLY, "day_of_month": 32}, "day of the month"),
        ({"frequency": Frequency.TERM, "term_points": [TermPoint.START]}, "no terms"),
        (
            {
                "frequency": Frequency.HOURLY,
                "interval_hours": 2,
                "in_use_from": "19:00",
                "in_use_until": "07:00",
            },
            "end after",
        ),
    ],
)
def test_a_frequency_that_can_never_fire_is_refused_by_the_form(school, director, fields, message):
    data = {"name": "消防巡查", "applies_to": "room_types", "room_types": ["canteen"], **fields}
    data.setdefault("in_use_from", "07:00")
    data.setdefault("in_use_until", "19:00")
    form = safety_views.template.form(data, user=director)
    assert not form.is_valid()
    assert message in str(form.errors)


def test_the_database_refuses_an_impossible_weekday_and_interval(school):
    with pytest.raises(IntegrityError), transaction.atomic():
        TemplateFactory(school=school, frequency=Frequency.WEEKLY, weekday=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        TemplateFactory(school=school, frequency=Frequency.HOURLY, interval_hours=0)
    assert not InspectionTemplate.objects.exists()


def test_monthly_on_day_31_is_fine_and_per_term_works_once_terms_exist(school, director):
    form = safety_views.template.form(
        {
            "name": "楼梯窗户检查",
            "frequency": Frequency.MONTHLY,
            "day_of_month": 31,
            "applies_to": "room_types",
            "room_types": ["corridor"],
            "in_use_from": "07:00",
            "in_use_until": "19:00",
        },
        user=director,
    )
    assert form.is_valid(), form.errors
    term = TemplateFactory(school=school, frequency=Frequency.TERM, term_points=["start"])
    ItemFactory(template=term)
    with pytest.raises(ValidationError, match="no terms"):
        services.template_activate(template=term, actor=director)
    TermFactory(school=school)
    assert services.template_activate(template=term, actor=director).is_active


def test_the_monthly_check_updates_the_equipment_and_a_defect_opens_a_hazard(school, logistics):
    extinguisher = EquipmentFactory(school=school)
    today = timezone.localdate()
    services.fire_equipment_check(
        equipment=extinguisher,
        actor=logistics,
        checked_on=today,
        result=CheckResult.OK,
        serviced=True,
    )
    extinguisher.refresh_from_db()
    assert extinguisher.last_checked_on == today
    assert extinguisher.next_service_date == today + dt.timedelta(days=365)
    services.fire_equipment_check(
        equipment=extinguisher,
        actor=logistics,
        checked_on=today,
        result=CheckResult.DEFECTIVE,
        note="压力表指针在红区",
    )
    hazard = Hazard.objects.get()
    assert hazard.status == HazardStatus.FOUND and hazard.room_id == extinguisher.room_id
    assert extinguisher.checks.count() == 2


def test_teachers_cannot_record_fire_checks(school, teacher):
    with pytest.raises(ValidationError):
        services.fire_equipment_check(
            equipment=EquipmentFactory(school=school),
            actor=teacher,
            checked_on=timezone.localdate(),
            result=CheckResult.OK,
        )


@pytest.mark.parametrize("value", ["12345", "12a4", "11010119900101123Y", "12"])
def test_the_visitor_form_keeps_only_the_last_four_of_the_id(logistics, value):
    form = safety_views.visitor.form(  # generated from the visitor resource
        {
            "name": "张女士",
            "id_last4": value,
            "reason": "家长会",
            "host": "刘老师",
            "time_in": "2026-11-20T08:30",
        },
        user=logistics,
    )
    assert not form.is_valid() and "id_last4" in form.errors


def test_a_visitor_leaves_once(school, logistics):
    visitor = VisitorFactory(school=school)
    services.visitor_check_out(visitor=visitor, actor=logistics)
    with pytest.raises(ValidationError, match="already left"):
        services.visitor_check_out(visitor=visitor, actor=logistics)


def test_the_term_view_finds_months_without_a_drill_and_slow_evacuations(school, director):
    term = TermFactory(school=school, start=dt.date(2026, 9, 1), end=dt.date(2027, 1, 22))
    low = BuildingFactory(school=school, campus__school=school, floors=4)
    tall = BuildingFactory(school=school, campus__school=school, floors=6)
    held = {"status": DrillStatus.HELD, "school": school}
    DrillFactory(date=dt.date(2026, 9, 10), building=low, evacuation_seconds=150, **held)
    DrillFactory(date=dt.date(2026, 10, 12), building=tall, evacuation_seconds=200, **held)
    DrillFactory(date=dt.date(2026, 11, 9), building=low, evacuation_seconds=95, **held)
    DrillFactory(date=dt.date(2026, 12, 9), school=school)  # planned only
    report = selectors.drill_term_report(director, term)
    assert report.missing == ["2026-12", "2027-01"]
    assert [d.evacuation_seconds for d in report.slow] == [150]


def test_kindergartens_need_one_drill_a_quarter(school, director):
    school.kind = SchoolKind.KINDERGARTEN
    school.save()
    term = TermFactory(school=school, start=dt.date(2026, 9, 1), end=dt.date(2027, 1, 22))
    DrillFactory(school=school, date=dt.date(2026, 9, 10), status=DrillStatus.HELD)
    report = selectors.drill_term_report(director, term)
    assert report.period == "quarter"
    assert report.missing == ["2026-Q4", "2027-Q1"]


def test_other_roles_than_the_office_cannot_see_other_schools_drills(
    school, other_school, make_user
):
    DrillFactory(school=other_school, date=dt.date(2026, 9, 10), status=DrillStatus.HELD)
    term = TermFactory(school=school, start=dt.date(2026, 9, 1), end=dt.date(2027, 1, 22))
    report = selectors.drill_term_report(make_user(Role.PRINCIPAL), term)
    assert all(not drills for _key, drills in report.periods)


def test_a_roster_for_a_holiday_takes_its_dates(school, director):
    from safety.views import roster

    DutyRosterForm = roster.form
    from tests.factories import HolidayFactory

    winter = HolidayFactory(
        school=school, name="寒假", start=dt.date(2027, 1, 23), end=dt.date(2027, 2, 21)
    )
    form = DutyRosterForm({"name": "寒假值班", "holiday": winter.pk}, user=director)
    assert form.is_valid(), form.errors
    roster = form.save()
    assert (roster.start, roster.end) == (winter.start, winter.end)
