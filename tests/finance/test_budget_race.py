"""50 final approvals racing for one stop line with room for exactly 10 (PostgreSQL): exactly 10
commit, the line never goes past its amount (issue 12, point 4)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from finance.models import BudgetLine, BudgetMovement
from finance.services.budget import budget_commit
from tests.conftest import require_service
from tests.factories import SchoolFactory
from tests.finance.factories import line_of, office, request_of

RACERS = 50
ROOM = 10
EACH = Decimal("100.00")


def race(line, requests, actor) -> tuple[list[str], float]:
    """Every request's commit at once, each in its own connection; (outcomes, seconds)."""
    import time

    barrier = threading.Barrier(len(requests))
    outcomes: list[str] = []
    lock = threading.Lock()

    def approve(request):
        try:
            barrier.wait()
            budget_commit(
                line_id=line.pk, school_id=line.school_id, amount=EACH, request=request, actor=actor
            )
            result = "ok"
        except ValidationError as exc:
            result = exc.code or "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=approve, args=(r,)) for r in requests]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.perf_counter() - started


def setup_race(racers: int = RACERS, room: int = ROOM):
    school = SchoolFactory()
    people = office(school)
    line = line_of(school, amount=str(EACH * room))
    requests = [request_of(school, requester=people["teacher"], line=line) for _ in range(racers)]
    return line, requests, people["principal"]


@pytest.mark.django_db(transaction=True)
def test_fifty_final_approvals_for_room_of_ten_commit_exactly_ten():
    if connection.vendor != "postgresql":
        require_service("the budget race needs PostgreSQL (row locks)")
        return
    line, requests, actor = setup_race()
    outcomes, _seconds = race(line, requests, actor)
    assert outcomes.count("ok") == ROOM
    assert outcomes.count("budget_exceeded") == RACERS - ROOM
    line.refresh_from_db()
    assert line.committed == EACH * ROOM and line.available == 0
    assert BudgetMovement.objects.filter(line=line).count() == ROOM
    assert BudgetLine.objects.filter(pk=line.pk, amount__lt=0).count() == 0
