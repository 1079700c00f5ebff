"""On PostgreSQL: 50 final approvals racing for one stop line with room for 10 (issue 12, point 4
and "Measured"): exactly 10 are approved, the line is never past its amount, the others are told
why and stay where they were."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from finance.choices import ApprovalLevel, RequestStatus
from finance.models import Approval, BudgetLine, BudgetMovement, PurchaseRequest
from finance.services import requests as services
from tests.conftest import require_service
from tests.factories import SchoolFactory
from tests.finance.factories import line_of, office, request_of
from tests.workflow_cases import burst

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 50
ROOM_FOR = 10
PRICE = Decimal("800.00")


def at_final_approval(count: int, room_for: int):
    """`count` requests of one school waiting for the director's (last) tier, on one stop line
    with room for `room_for` of them."""
    school = SchoolFactory()
    crew = office(school)
    line = line_of(school, amount=PRICE * room_for)
    rows = []
    for _ in range(count):
        row = request_of(school, requester=crew["teacher"], line=line, items=[("椅子", "1", PRICE)])
        rows.append(row)
    PurchaseRequest.objects.filter(pk__in=[r.pk for r in rows]).update(
        status=RequestStatus.PENDING,
        levels=[ApprovalLevel.DIRECTOR],
        level=ApprovalLevel.DIRECTOR,
        round=1,
    )
    return crew, line, rows


def race(crew, rows) -> list[str]:
    def approve(i: int) -> str:
        try:
            services.request_approve(request=rows[i], actor=crew["director"], note="同意")
        except ValidationError:
            return "refused"
        return "approved"

    return burst(len(rows), approve)


def test_exactly_the_room_of_a_stop_line_is_approved():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        require_service("row locks under concurrent approvals need PostgreSQL (set DATABASE_URL)")
    crew, line, rows = at_final_approval(RACERS, ROOM_FOR)
    outcomes = race(crew, rows)
    assert outcomes.count("approved") == ROOM_FOR
    assert outcomes.count("refused") == RACERS - ROOM_FOR
    fresh = BudgetLine.objects.get(pk=line.pk)
    assert fresh.committed == PRICE * ROOM_FOR and fresh.available == 0
    ids = [r.pk for r in rows]
    statuses = PurchaseRequest.objects.filter(pk__in=ids)
    assert statuses.filter(status=RequestStatus.APPROVED).count() == ROOM_FOR
    assert statuses.filter(status=RequestStatus.PENDING, level="director").count() == 40
    # The refused approvals left nothing behind: one approval and one movement per success.
    assert Approval.objects.filter(request_id__in=ids).count() == ROOM_FOR
    assert BudgetMovement.objects.filter(line=line).count() == ROOM_FOR
