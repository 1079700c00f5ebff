"""planning.calendar_done_rate: the values on a small known set (0 % vs no data), the link lists
exactly the counted rows, and the queries are the same for 1, 2 and 20 schools."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import metrics
from core.choices import Role
from core.metrics import Period
from planning.models.calendar import TaskStatus, WorkTask
from tests.factories import SchoolFactory
from tests.planning.factories_calendar import TaskFactory

pytestmark = pytest.mark.django_db
NOV = Period.month(2026, 11)
METRIC_KEY = "planning.calendar_done_rate"


def _tasks(school, month: dt.date, done: int, open_: int) -> list[WorkTask]:
    made = []
    for n in range(done + open_):
        task = TaskFactory(item__school=school, month=month, due_on=month + dt.timedelta(days=9))
        if n < done:
            WorkTask.objects.filter(pk=task.pk).update(
                status=TaskStatus.DONE, done_at=timezone.now(), note="完成"
            )
        made.append(task)
    return made


def test_the_rate_per_school_with_zero_and_no_data(school, other_school):
    metric = metrics.get(METRIC_KEY)
    nov, dec = dt.date(2026, 11, 1), dt.date(2026, 12, 1)
    _tasks(school, nov, done=3, open_=1)
    _tasks(school, dec, done=0, open_=5)  # another month: not counted in November
    _tasks(other_school, nov, done=0, open_=2)
    empty = SchoolFactory()
    values = metric.values([school.pk, other_school.pk, empty.pk], NOV)
    assert values.get(school.pk) == Decimal("75.0")
    assert values.get(other_school.pk) == Decimal("0.0")  # tasks, none done: 0 %
    assert values.get(empty.pk) is None  # no tasks: no data
    year = metric.values([school.pk], Period.year(2026))
    assert year[school.pk] == Decimal("33.3")  # 3 of 9
    trend = metric.trend(school.pk, Period.year(2026))
    assert trend["2026-11"] == Decimal("75.0") and trend["2026-12"] == Decimal("0.0")
    assert trend["2026-10"] is None


def test_the_link_lists_exactly_the_counted_rows(client, school, make_user):
    metric = metrics.get(METRIC_KEY)
    counted = _tasks(school, dt.date(2026, 11, 1), done=1, open_=2)
    _tasks(school, dt.date(2026, 10, 1), done=1, open_=0)
    client.force_login(make_user(Role.PRINCIPAL))
    for period in (NOV, Period.span(dt.date(2026, 11, 1), dt.date(2026, 11, 30))):
        response = client.get(metric.link(period))
        assert response.status_code == 200
        assert {pk for pk, _v in response.context["rows"]} == {t.pk for t in counted}


def test_the_queries_do_not_grow_with_schools_or_rows():
    metric = metrics.get(METRIC_KEY)

    def measure(count: int, rows: int) -> int:
        schools = [SchoolFactory() for _ in range(count)]
        for s in schools:
            _tasks(s, dt.date(2026, 11, 1), done=rows, open_=rows)
        with CaptureQueriesContext(connection) as captured:
            metric.values([s.pk for s in schools], NOV)
        return len(captured)

    assert measure(1, 1) == measure(2, 2) == measure(20, 3) == 1
