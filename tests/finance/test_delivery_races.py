"""Two people record the last delivery or the last payment of a request at the same moment: the
request's row lock (the workflow's run) serves them one after the other, so exactly one succeeds
and the other is refused with its sentence; nothing is received or paid twice (PostgreSQL)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from assets.models import Asset
from core.choices import Role
from finance.models import Acceptance, Payment
from finance.services.delivery import LineInput, acceptance_record, payment_record
from tests.conftest import require_service
from tests.factories import SchoolFactory, UserFactory
from tests.finance.factories import office
from tests.finance.factories_delivery import ordered

pytestmark = pytest.mark.django_db(transaction=True)


def _postgres_only():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        require_service("row locks need PostgreSQL (set DATABASE_URL)")


def _at_once(work, people) -> list[str]:
    barrier = threading.Barrier(len(people))
    outcomes: list[str] = []

    def run(person, index):
        try:
            barrier.wait(timeout=10)
            work(person, index)
            outcomes.append("done")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p, i)) for i, p in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_two_acceptances_of_the_last_units_at_once_receive_them_once():
    _postgres_only()
    school = SchoolFactory()
    people = office(school)
    request = ordered(school, people, items=[("办公电脑", "2", "4800.00")])
    item = request.items.get()
    recorders = [people["acceptor2"], UserFactory(school=school, roles=[Role.LOGISTICS])]

    def accept(person, index):
        acceptance_record(
            request=request,
            actor=person,
            second_acceptor=people["acceptor1"],
            lines=[LineInput(item, Decimal("2"))],
            invoice_number=f"R-{index}",
        )

    outcomes = _at_once(accept, recorders)
    assert outcomes.count("done") == 1, outcomes
    assert Acceptance.objects.filter(order__request=request).count() == 1
    assert Asset.objects.filter(school=school).count() == 2


def test_two_payments_of_the_whole_amount_at_once_pay_it_once():
    _postgres_only()
    school = SchoolFactory()
    people = office(school)
    request = ordered(school, people)
    acceptance_record(
        request=request,
        actor=people["acceptor2"],
        second_acceptor=people["acceptor1"],
        lines=[LineInput(request.items.get(), Decimal("2"))],
        invoice_number="R-1",
    )
    payers = [people["admin"], UserFactory(school=school, roles=[Role.ADMIN])]

    def pay(person, index):
        payment_record(
            request=request, actor=person, amount=Decimal("9600.00"), voucher_number=f"V-{index}"
        )

    outcomes = _at_once(pay, payers)
    assert outcomes.count("done") == 1, outcomes
    assert Payment.objects.filter(order__request=request).count() == 1
    line = request.budget_line
    line.refresh_from_db()
    assert (line.committed, line.spent) == (Decimal("0"), Decimal("9600.00"))
