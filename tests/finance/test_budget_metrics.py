"""finance.budget_execution and finance.committed: values, "no data", links, query counts."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import metrics
from core.choices import Role
from core.metrics import Period
from core.views.generic import list_at
from finance.services.budget import budget_commit, budget_spend
from tests.factories import SchoolFactory, UserFactory
from tests.finance.factories import line_of, office, request_of

pytestmark = pytest.mark.django_db
YEAR = line_of.__globals__["timezone"].localdate().year
PERIOD = Period.year(YEAR)


def _take(line, actor, requester, committed="0", spent="0"):
    request = request_of(line.school, requester=requester, line=line)
    if Decimal(committed):
        budget_commit(
            line_id=line.pk,
            school_id=line.school_id,
            amount=Decimal(committed),
            request=request,
            actor=actor,
        )
    if Decimal(spent):
        budget_spend(
            line_id=line.pk,
            school_id=line.school_id,
            amount=Decimal(spent),
            from_committed=Decimal("0"),
            request=request,
            actor=actor,
        )


def _school_with_budget():
    school = SchoolFactory()
    people = office(school)
    first = line_of(school, amount="8000")
    second = line_of(school, amount="2000")
    line_of(school, amount="5000", year=YEAR - 1)  # another year: not counted
    _take(first, people["director"], people["teacher"], committed="1500", spent="2000")
    _take(second, people["director"], people["teacher"], spent="500")
    return school, people, first, second


def test_values_on_a_known_budget_and_no_data_without_one():
    school, _people, _first, _second = _school_with_budget()
    empty = SchoolFactory()
    zero = SchoolFactory()
    line_of(zero, amount="1000")
    execution = metrics.get("finance.budget_execution")
    committed = metrics.get("finance.committed")
    ids = [school.pk, empty.pk, zero.pk]
    assert execution.values(ids, PERIOD) == {school.pk: Decimal("25.0"), zero.pk: Decimal("0.0")}
    assert committed.values(ids, PERIOD) == {school.pk: Decimal("1500.00"), zero.pk: Decimal("0")}
    month = Period.month(YEAR, 1)
    assert execution.value(school.pk, month) == Decimal("25.0")  # the year the month is in
    assert execution.value(empty.pk, PERIOD) is None


def test_the_links_list_exactly_the_counted_lines():
    _school, people, first, second = _school_with_budget()
    director = people["director"]
    _view, rows = list_at(director, metrics.get("finance.budget_execution").link(PERIOD))
    assert set(rows.values_list("pk", flat=True)) == {first.pk, second.pk}
    _view, committed = list_at(director, metrics.get("finance.committed").link(PERIOD))
    assert set(committed.values_list("pk", flat=True)) == {first.pk}


def test_the_query_count_is_the_same_for_one_two_and_twenty_schools():
    schools = [_school_with_budget()[0] for _ in range(3)]
    schools += [SchoolFactory() for _ in range(17)]
    for key in ("finance.budget_execution", "finance.committed"):
        counts = []
        for ids in ([schools[0].pk], [s.pk for s in schools[:2]], [s.pk for s in schools]):
            with CaptureQueriesContext(connection) as captured:
                metrics.get(key).values(ids, PERIOD)
            counts.append(len(captured))
        assert counts == [1, 1, 1], key


def test_teachers_do_not_see_the_budget_figures():
    school = SchoolFactory()
    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    principal = UserFactory(school=school, roles=[Role.PRINCIPAL])
    keys = {"finance.budget_execution", "finance.committed"}
    assert not keys & {m.key for m in metrics.visible_to(teacher, metrics.all_metrics())}
    assert keys <= {m.key for m in metrics.visible_to(principal, metrics.all_metrics())}
