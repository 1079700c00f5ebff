"""finance.orders_without_quotes: values on a known data set, 0 vs no data, the link lists
exactly the counted orders, and the query count does not grow with schools or rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import metrics
from core.metrics import Period
from core.views.generic import list_at
from finance.models import FinanceSettings, PurchaseOrder
from finance.services.purchasing import order_place
from tests.factories import SchoolFactory
from tests.finance.factories import office, supplier_of
from tests.finance.factories_purchasing import approved_request, quote_of

pytestmark = pytest.mark.django_db
METRIC = "finance.orders_without_quotes"


def _this_month() -> Period:
    today = timezone.localdate()
    return Period.month(today.year, today.month)


def _proper(school, people):
    request = approved_request(school, requester=people["teacher"], price="3000.00")
    for amount in ("2800", "2900", "3000"):
        quote_of(request, amount)
    return order_place(request=request, actor=people["logistics"], quote=request.quotes.first())


def _bare(school, people, price="3000.00", quotes=0, number=None):
    """An order recorded without the service (an import, old data): what the figure catches."""
    request = approved_request(school, requester=people["teacher"], price=price)
    for i in range(quotes):
        quote_of(request, str(1000 + i))
    return PurchaseOrder.objects.create(
        school=school,
        request=request,
        number=number or f"OLD-{request.pk}",
        supplier=supplier_of(school),
        amount=Decimal(price),
        ordered_by=people["logistics"],
    )


def test_values_per_school_and_the_link_lists_the_counted_orders():
    first, second, empty = SchoolFactory(), SchoolFactory(), SchoolFactory()
    people = office(first)
    _proper(first, people)
    lacking = [_bare(first, people), _bare(first, people, quotes=2)]
    _bare(first, people, price="800.00")  # below the threshold: no quotes needed
    other = office(second)
    FinanceSettings.objects.filter(school=FinanceSettings.of(second.pk).school).update(
        quotes_required=2
    )
    _bare(second, other, quotes=2)  # enough at that school
    metric = metrics.get(METRIC)
    period = _this_month()
    values = metric.values([first.pk, second.pk, empty.pk], period)
    assert values == {first.pk: 2, second.pk: 0, empty.pk: 0}
    _view, rows = list_at(people["director"], metric.link(period))
    assert {o.pk for o in rows} == {o.pk for o in lacking}
    last_month = Period.month(2000, 1)
    assert metric.values([first.pk], last_month) == {first.pk: 0}


def test_the_query_count_is_the_same_for_one_school_and_twenty():
    schools = [SchoolFactory() for _ in range(20)]
    people = office(schools[0])
    _bare(schools[0], people)
    metric = metrics.get(METRIC)
    with CaptureQueriesContext(connection) as one:
        metric.values([schools[0].pk], _this_month())
    for school in schools[1:4]:
        _bare(school, office(school))
    with CaptureQueriesContext(connection) as many:
        values = metric.values([s.pk for s in schools], _this_month())
    assert len(one) == len(many) == 1
    assert sum(values.values()) == 4


def test_an_order_dated_outside_the_period_is_not_counted():
    school = SchoolFactory()
    people = office(school)
    old = _bare(school, people)
    old.ordered_on = dt.date(2020, 5, 1)
    old.save(update_fields=["ordered_on"])
    assert metrics.get(METRIC).values([school.pk], _this_month()) == {school.pk: 0}
    assert metrics.get(METRIC).values([school.pk], Period.month(2020, 5)) == {school.pk: 1}
