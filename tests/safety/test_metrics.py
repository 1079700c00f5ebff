"""The safety figures of the metric registry: known values, an empty school, the list behind
each figure shows exactly the rows counted, and the query count does not grow with schools/rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import metrics
from core.choices import Role
from core.metrics import Period
from core.models import Term
from safety.choices import DrillStatus, HazardStatus, Severity, TaskStatus
from safety.models import FireEquipment
from tests.factories import SchoolFactory, UserFactory
from tests.safety.factories import DrillFactory, EquipmentFactory, HazardFactory, TaskFactory

pytestmark = pytest.mark.django_db

LAST_MONTH = Period.current_month().previous()
COUNTS = [
    "safety.rounds_due",
    "safety.rounds_on_time",
    "safety.rounds_overdue",
    "safety.hazards_open",
    "safety.hazards_serious",
    "safety.hazards_overdue",
    "safety.drills_held",
    "safety.fire_expired",
    "safety.fire_due",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def records(school):
    start, today = LAST_MONTH.start, timezone.localdate()
    for offset, status, completed_hour in ((1, TaskStatus.DONE, 9), (2, TaskStatus.DONE, 20)):
        day = start + dt.timedelta(offset)
        TaskFactory(
            template__school=school,
            due_date=day,
            due_by=_at(day, 17),
            status=status,
            completed_at=_at(day, completed_hour),
        )
    day = start + dt.timedelta(3)
    TaskFactory(template__school=school, due_date=day, due_by=_at(day, 17))
    TaskFactory(template__school=school, due_date=LAST_MONTH.end + dt.timedelta(1))
    HazardFactory(school=school, severity=Severity.SERIOUS, deadline=today - dt.timedelta(3))
    HazardFactory(school=school)
    HazardFactory(
        school=school,
        severity=Severity.SERIOUS,
        status=HazardStatus.ACCEPTED,
        handler=UserFactory(school=school),
        handled_at=timezone.now(),
        accepted_by=UserFactory(school=school),
        accepted_at=timezone.now(),
    )
    DrillFactory(school=school, date=start + dt.timedelta(5), status=DrillStatus.HELD)
    DrillFactory(school=school, date=start + dt.timedelta(6))
    DrillFactory(school=school, date=start - dt.timedelta(20), status=DrillStatus.HELD)
    Term.objects.create(
        school=school, name="本学期", start=start - dt.timedelta(60), end=LAST_MONTH.end
    )
    EquipmentFactory(school=school, expiry_date=today - dt.timedelta(1))
    EquipmentFactory(school=school, next_service_date=today + dt.timedelta(10))
    EquipmentFactory(school=school)
    archived = EquipmentFactory(school=school, expiry_date=today - dt.timedelta(1))
    FireEquipment.objects.filter(pk=archived.pk).update(archived_at=timezone.now())


def value(key, school, period=LAST_MONTH):
    return metrics.get(key).value(school.pk, period)


def test_the_figures_of_a_known_month(records, school):
    found = {key: value(key, school) for key in [*COUNTS, "safety.drills_required"]}
    assert found == {
        "safety.rounds_due": 3,
        "safety.rounds_on_time": 1,
        "safety.rounds_overdue": 1,
        "safety.hazards_open": 2,
        "safety.hazards_serious": 1,
        "safety.hazards_overdue": 1,
        "safety.drills_held": 1,
        "safety.drills_required": 1,
        "safety.fire_expired": 1,
        "safety.fire_due": 2,
    }


def test_an_empty_school_counts_zero_and_no_term_requires_no_drill(school):
    for key in [*COUNTS, "safety.drills_required"]:
        assert value(key, school) == 0, key


def test_hazards_by_severity_and_age(records, school, client, make_user):
    client.force_login(make_user(Role.DIRECTOR))
    metric = metrics.get("safety.hazards_open")
    severity, age = (breakdown for _key, _label, breakdown in metric.breakdowns)
    rows = severity(school.pk, LAST_MONTH)
    assert [count for _label, count, _link in rows] == [1, 0, 1]
    for _label, count, link in rows:
        assert len(client.get(link).context["rows"]) == count
    assert sum(count for _label, count, _link in age(school.pk, LAST_MONTH)) == 2


@pytest.mark.parametrize("key", COUNTS)
def test_the_link_lists_exactly_the_rows_counted(records, school, client, make_user, key):
    HazardFactory(school=SchoolFactory())  # another school's row never shows
    client.force_login(make_user(Role.DIRECTOR))
    metric = metrics.get(key)
    page = client.get(metric.link(LAST_MONTH))
    assert page.status_code == 200
    assert len(page.context["rows"]) == metric.value(school.pk, LAST_MONTH)


def _queries(school_ids) -> int:
    with CaptureQueriesContext(connection) as captured:
        for metric in metrics.all_metrics("safety"):
            metric.values(school_ids, LAST_MONTH)
    return len(captured)


def test_the_query_count_is_the_same_for_1_2_or_20_schools_and_few_or_many_rows(records, school):
    others = [SchoolFactory() for _ in range(19)]
    one = _queries([school.pk])
    two = _queries([school.pk, others[0].pk])
    twenty = _queries([school.pk, *(s.pk for s in others)])
    for _ in range(15):
        HazardFactory(school=others[0])
    assert one == two == twenty == _queries([school.pk, *(s.pk for s in others)])


def test_the_reports_sheets_hold_the_rows_behind_each_figure(records, school):
    from core import reports
    from tests.helpers import report_workbook, rows_on_sheet

    HazardFactory(school=SchoolFactory())  # another school's row never shows
    content, book = report_workbook(school, LAST_MONTH)
    for key in COUNTS:
        _header, rows = rows_on_sheet(book, content, metrics.get(key))
        assert len(rows) == value(key, school), key
    # The drills required come from the terms, not from rows: the sheet says so.
    entry = reports.rows_sheet_of(content, metrics.get("safety.drills_required"))
    lines = [row[0] for row in book[entry.title].values]
    assert entry.table is None and "terms, not from rows" in lines[1]
    assert lines[2].endswith("/safety/drills/term/")
