"""Notifications' e-mail is an outbox: the row says what is unsent, a failure is retried, a broker
outage never fails the request. Real SMTP (tests.smtp_sink) and a really unreachable broker."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from core import outbox, services
from core.choices import Role
from core.models import Notification
from core.tasks import send_pending_emails
from repairs.models import RepairRequest
from tests.background import broker_down, use_smtp
from tests.repairs.factories import people, room_of
from tests.smtp_sink import SmtpSink, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    """notify() in a committed transaction: its e-mail task is queued (eagerly run) on commit."""

    def _notify(recipients, school, title="水管漏水"):
        with django_capture_on_commit_callbacks(execute=True):
            return services.notify(
                recipients=recipients, school=school, title=title, url="/repairs/1/"
            )

    return _notify


def later(note, seconds):
    """The clock moves on: the row's next attempt is now due (what the sweep will see then)."""
    Notification.objects.filter(pk=note.pk).update(
        email_next_at=timezone.now() - dt.timedelta(seconds=1)
    )


def test_an_email_is_marked_sent_only_after_the_server_accepted_it(
    notify, make_user, school, settings
):
    worker = make_user(Role.WORKER)
    use_smtp(settings, free_port())  # nobody listens: the mail server is down

    with_capture = notify([worker], school)  # eager: the send runs at once and fails
    (note,) = with_capture
    note.refresh_from_db()
    assert note.emailed_at is None
    assert note.email_attempts == 1
    assert note.email_claimed_at is None  # released, not held by the failed sender
    assert "ConnectionRefusedError" in note.email_error
    assert note.email_next_at > timezone.now()  # a later attempt, not given up

    with SmtpSink() as sink:
        use_smtp(settings, sink.port)
        assert send_pending_emails() == 0  # not due yet (backoff)
        later(note, 30)
        assert send_pending_emails() == 1
        assert send_pending_emails() == 0  # sent once
    assert [m.to for m in sink.received] == [(worker.email,)]
    assert sink.received[0].subject == "水管漏水"
    assert f"{settings.SITE_URL}/repairs/1/" in sink.received[0].body
    note.refresh_from_db()
    assert note.emailed_at is not None and note.email_next_at is None and note.email_error == ""


def test_an_outage_longer_than_the_old_five_retries_still_ends_in_one_email(
    notify, make_user, school, settings
):
    use_smtp(settings, free_port())
    (note,) = notify([make_user(Role.WORKER)], school)
    for _ in range(8):  # the mail server stays down through eight more attempts
        later(note, 0)
        outbox.send_due()
    note.refresh_from_db()
    assert note.email_attempts == 9 and note.email_failed_at is None

    with SmtpSink() as sink:
        use_smtp(settings, sink.port)
        later(note, 0)
        assert send_pending_emails() == 1
    assert len(sink.received) == 1
    waits = [outbox.backoff(n).total_seconds() for n in range(1, 12)]
    assert waits[:3] == [30, 60, 120]  # a one-minute outage is over by the third attempt
    assert waits[-1] == settings.EMAIL_RETRY_MAX_SECONDS  # never longer than half an hour
    assert settings.EMAIL_GIVE_UP_HOURS >= 24


def test_a_failing_email_is_given_up_after_the_give_up_time_and_says_so(
    notify, make_user, school, settings
):
    use_smtp(settings, free_port())
    young, old = notify([make_user(Role.WORKER)], school) + notify([make_user()], school)
    hours = settings.EMAIL_GIVE_UP_HOURS
    Notification.objects.filter(pk=young.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours - 1), email_next_at=timezone.now()
    )
    Notification.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - dt.timedelta(hours=hours, minutes=1),
        email_next_at=timezone.now(),
    )

    for note in (young, old):
        outbox.send_due(ids=[note.pk])
        note.refresh_from_db()
    assert young.email_failed_at is None and young.email_next_at is not None
    assert old.email_failed_at is not None and old.email_next_at is None
    assert old.emailed_at is None and old.email_error


def test_a_hung_mail_server_holds_the_sender_only_for_email_timeout(
    notify, make_user, school, settings
):
    worker = make_user(Role.WORKER)
    with SmtpSink(hang=True) as hung:
        use_smtp(settings, hung.port, timeout=1)
        started = time.monotonic()
        (note,) = notify([worker], school)
        elapsed = time.monotonic() - started
    assert elapsed < 5, f"the request waited {elapsed:.1f}s for a hung mail server"
    note.refresh_from_db()
    assert note.emailed_at is None and note.email_next_at is not None
    assert "timed out" in note.email_error


def test_a_claim_of_a_worker_that_died_is_taken_over_after_the_lease(
    notify, make_user, school, settings
):
    use_smtp(settings, free_port())
    (note,) = notify([make_user(Role.WORKER)], school)
    lease = settings.EMAIL_CLAIM_LEASE_SECONDS
    with SmtpSink() as sink:
        use_smtp(settings, sink.port)
        # A worker claimed it a moment ago and is still sending: nobody else touches it.
        Notification.objects.filter(pk=note.pk).update(
            email_next_at=timezone.now(), email_claimed_at=timezone.now()
        )
        assert send_pending_emails() == 0
        # That worker was killed before the server accepted the message: the lease runs out.
        Notification.objects.filter(pk=note.pk).update(
            email_claimed_at=timezone.now() - dt.timedelta(seconds=lease + 1)
        )
        assert send_pending_emails() == 1
        assert send_pending_emails() == 0
    assert len(sink.received) == 1


def test_two_senders_cannot_both_claim_one_email(notify, make_user, school, settings):
    use_smtp(settings, free_port())
    (note,) = notify([make_user(Role.WORKER)], school)
    later(note, 30)

    assert outbox._claim(note.pk) is True
    assert outbox._claim(note.pk) is False


def test_a_notification_without_email_is_not_in_the_outbox(notify, make_user, school, mailoutbox):
    (note,) = notify([make_user(Role.WORKER, email="")], school)
    (quiet,) = services.notify(
        recipients=[make_user(Role.WORKER)], school=school, title="x", email=False
    )

    assert note.email_next_at is None and quiet.email_next_at is None
    assert send_pending_emails() == 0
    assert mailoutbox == []


def test_notify_while_the_broker_is_down_does_not_fail_and_the_sweep_sends_later(
    notify, make_user, school, mailoutbox, django_capture_on_commit_callbacks
):
    worker = make_user(Role.WORKER)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        (note,) = notify([worker], school)  # the task cannot be queued: logged, not raised

    assert mailoutbox == []
    note.refresh_from_db()
    assert note.email_next_at is not None and note.emailed_at is None
    assert send_pending_emails() == 1  # Redis is back: beat's sweep sends it
    assert [m.to for m in mailoutbox] == [[worker.email]]


def test_a_repair_filed_while_the_broker_is_down_succeeds_and_its_email_follows(
    client, school, mailoutbox, django_capture_on_commit_callbacks
):
    crew = people(school)
    room = room_of(school)
    client.force_login(crew["teacher"])
    data = {
        "client_token": "2b0f3c9e-0000-4000-8000-000000000001",
        "room": room.pk,
        "category": "plumbing",
        "description": "二楼男厕水龙头关不紧，一直滴水",
        "urgency": "normal",
    }

    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post("/repairs/new/", data)

    filed = RepairRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == filed.get_absolute_url()
    pending = Notification.objects.filter(email_next_at__isnull=False, emailed_at__isnull=True)
    assert pending.exists() and mailoutbox == []
    sent = send_pending_emails()
    assert sent == pending.count() or sent > 0
    assert len(mailoutbox) == sent
    assert not Notification.objects.filter(email_next_at__isnull=False).exists()
