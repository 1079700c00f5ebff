"""Statistics and the board as the director reads them: late and open requests count, times are
working hours, the board shows each row's SLA state and its 已超时 filter catches late answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from repairs import durations
from repairs.choices import Status
from repairs.models import RepairRequest
from tests.repairs.factories import file_request

pytestmark = pytest.mark.django_db

FRI, MON, TUE, WED = (dt.date(2026, 11, d) for d in (20, 23, 24, 25))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def request_with(school, crew, room, **fields) -> RepairRequest:
    """A request filed by the teacher, then given the history `fields` describe."""
    request = file_request(school, crew["teacher"], room=room)
    if fields.get("status", Status.SUBMITTED) != Status.SUBMITTED:
        fields.setdefault("owner", crew["logistics"])  # received by someone (首问负责)
    RepairRequest.objects.filter(pk=request.pk).update(**fields)
    # The history is written directly: its working hours stored as the services would have.
    durations.recompute(RepairRequest.objects.filter(pk=request.pk))
    return RepairRequest.objects.get(pk=request.pk)


def done(filed, responded, respond_due, finished, finish_due, rating=None) -> dict:
    return {
        "status": Status.CONFIRMED,
        "created_at": filed,
        "responded_at": responded,
        "respond_due_at": respond_due,
        "finished_at": finished,
        "finish_due_at": finish_due,
        "rating": rating,
    }


def test_late_open_and_unrated_requests_count_against_the_figures(client, school, crew, room):
    # In time, rated 5.
    request_with(
        school,
        crew,
        room,
        **done(at(FRI, 10), at(FRI, 10, 30), at(FRI, 13), at(MON, 10), at(TUE, 17), 5),
    )
    # Answered an hour late (Friday 16:00 → Monday 11:00: 4 working hours), finished in time, rated 5.
    late = request_with(
        school,
        crew,
        room,
        **done(at(FRI, 16), at(MON, 11), at(MON, 10), at(MON, 15), at(WED, 17), 5),
    )
    # Auto-confirmed without a rating.
    request_with(
        school,
        crew,
        room,
        **done(at(FRI, 9), at(FRI, 9, 30), at(FRI, 12), at(FRI, 15), at(TUE, 17)),
    )
    # Still open, long past its finish time.
    request_with(
        school,
        crew,
        room,
        status=Status.ASSIGNED,
        created_at=at(dt.date(2026, 11, 2), 9),
        responded_at=at(dt.date(2026, 11, 2), 9, 30),
        respond_due_at=at(dt.date(2026, 11, 2), 12),
        finish_due_at=at(dt.date(2026, 11, 5), 17),
    )
    client.force_login(crew["director"])
    page = client.get("/repairs/stats/", {"year": 2026})
    total = page.context["total"]
    assert total.sla_percent == 50.0  # of four decided: two late (answer, still open)
    assert total.respond_percent == 75.0
    assert total.satisfied_percent == pytest.approx(66.7)  # the unrated one is not satisfied
    assert total.median_respond == 0.5  # working hours: 0.5, 0.5, 0.5, 4
    assert late.respond_working_hours == 4.0  # not the 67 wall-clock hours
    html = page.content.decode()
    assert 'data-testid="on-time">50.0 %' in html
    assert 'data-testid="stats-legend"' in html and "调休" in html


def test_an_open_request_not_yet_due_is_not_counted_either_way(client, school, crew, room):
    file_request(school, crew["teacher"], room=room)  # filed now, due later
    client.force_login(crew["director"])
    total = client.get("/repairs/stats/").context["total"]
    assert total.count == 1 and total.sla_percent is None and total.respond_percent is None


def test_the_board_shows_sla_states_and_its_overdue_filter_lists_late_answers(
    client, school, crew, room
):
    now = timezone.now()
    late_answer = request_with(
        school,
        crew,
        room,
        status=Status.ASSIGNED,
        responded_at=now - dt.timedelta(hours=1),
        respond_due_at=now - dt.timedelta(hours=3),
        finish_due_at=now + dt.timedelta(days=3),
    )
    warned = request_with(
        school,
        crew,
        room,
        respond_due_at=now + dt.timedelta(hours=1),
        respond_warned_at=now - dt.timedelta(minutes=5),
        finish_due_at=now + dt.timedelta(days=3),
    )
    fine = request_with(
        school,
        crew,
        room,
        respond_due_at=now + dt.timedelta(hours=5),
        finish_due_at=now + dt.timedelta(days=3),
    )
    client.force_login(crew["logistics"])
    overdue = client.get("/repairs/", {"overdue": "true"})
    assert [pk for pk, _row in overdue.context["cells"]] == [late_answer.pk]
    board = client.get("/repairs/")
    states = {pk: (row[13][0], row[14][0]) for pk, row in board.context["cells"]}
    assert states[late_answer.pk] == ("已超时", "按时")
    assert states[warned.pk] == ("即将超时", "按时")
    assert states[fine.pk] == ("按时", "按时")
    assert "已超时" in board.content.decode()
