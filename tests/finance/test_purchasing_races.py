"""On PostgreSQL: orders of one school placed at the same moment get distinct numbers; the same
request ordered twice at once is one order; one supplier quoting twice at once is one quote."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from finance.choices import RequestStatus
from finance.models import PurchaseOrder, Quote
from finance.services.purchasing import order_place, quote_add
from tests.conftest import require_service
from tests.factories import SchoolFactory
from tests.finance.factories import office, supplier_of
from tests.finance.factories_purchasing import approved_request

pytestmark = pytest.mark.django_db(transaction=True)


def postgres_only():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        require_service("row locks and concurrent inserts need PostgreSQL (set DATABASE_URL)")


def run_together(count, action):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker(i):
        try:
            barrier.wait(timeout=10)
            results.append(action(i))
        except ValidationError as exc:  # a refusal is an answer, not a crash
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


def test_simultaneous_orders_of_one_school_get_distinct_numbers():
    postgres_only()
    school = SchoolFactory()
    people = office(school)
    requests = [
        approved_request(school, requester=people["teacher"], price="500.00") for _ in range(6)
    ]
    supplier = supplier_of(school)
    placed, errors = run_together(
        6,
        lambda i: (
            order_place(
                request=requests[i],
                actor=people["logistics"],
                supplier=supplier,
                amount=Decimal("500"),
            ).number
        ),
    )
    assert errors == []
    assert sorted(n[-4:] for n in placed) == [f"{i:04d}" for i in range(1, 7)]


def test_one_request_ordered_twice_at_once_is_one_order():
    postgres_only()
    school = SchoolFactory()
    people = office(school)
    request = approved_request(school, requester=people["teacher"], price="500.00")
    supplier = supplier_of(school)
    placed, errors = run_together(
        5,
        lambda _i: order_place(
            request=request, actor=people["logistics"], supplier=supplier, amount=Decimal("500")
        ),
    )
    assert len(placed) == 1 and len(errors) == 4
    assert {getattr(e, "status_code", None) for e in errors} == {409}
    request.refresh_from_db()
    assert request.status == RequestStatus.ORDERED
    assert PurchaseOrder.objects.filter(request=request).count() == 1


def test_one_supplier_quoting_twice_at_once_is_one_quote():
    postgres_only()
    school = SchoolFactory()
    people = office(school)
    request = approved_request(school, requester=people["teacher"])
    supplier = supplier_of(school)
    placed, errors = run_together(
        5,
        lambda i: quote_add(
            request=request, actor=people["logistics"], supplier=supplier, amount=Decimal(100 + i)
        ),
    )
    assert len(placed) == 1 and len(errors) == 4
    assert Quote.objects.filter(request=request).count() == 1
