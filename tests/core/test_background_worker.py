"""The outbox and the job sweeps with a real Celery worker (tests.core.test_celery_worker's), real
SMTP (tests.smtp_sink) and a really unreachable broker: e-mails once each, none lost, no job stuck."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from core import services
from core.choices import ExportStatus, Role
from core.models import ExportJob, Notification
from core.tasks import ping, send_pending_emails, sweep_jobs
from tests import factories
from tests.background import broker_down, use_smtp
from tests.core.test_celery_worker import published_ids, real_worker, require_broker
from tests.smtp_sink import SmtpSink, free_port

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def due_now():
    Notification.objects.filter(emailed_at__isnull=True).update(email_next_at=timezone.now())


def test_after_a_mail_outage_two_beats_sweeping_send_each_email_once(make_user, school, settings):
    require_broker()
    people = [make_user(Role.WORKER) for _ in range(3)]
    use_smtp(settings, free_port())  # the mail server is down
    with real_worker() as finished:
        with published_ids("core.send_notification_emails") as sent:
            services.notify(recipients=people, school=school, title="水管漏水", url="/repairs/")
        finished.wait(sent[0])
        assert not Notification.objects.filter(emailed_at__isnull=False).exists()

        with SmtpSink() as sink:  # the server is back
            use_smtp(settings, sink.port)
            due_now()
            first, second = send_pending_emails.delay(), send_pending_emails.delay()  # two beats
            finished.wait(first.id)
            finished.wait(second.id)
    assert sorted(m.to[0] for m in sink.received) == sorted(p.email for p in people)
    assert first.get() + second.get() == 3
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 3


def test_a_hung_mail_server_frees_the_worker_after_email_timeout(make_user, school, settings):
    require_broker()
    worker = make_user(Role.WORKER)
    with SmtpSink(hang=True) as hung:
        use_smtp(settings, hung.port, timeout=1)
        with real_worker() as finished:
            started = time.monotonic()
            with published_ids("core.send_notification_emails") as sent:
                services.notify(recipients=[worker], school=school, title="停电通知")
            finished.wait(sent[0], timeout=15)
            result = ping.delay()
            finished.wait(result.id, timeout=10)  # the worker takes the next task
            elapsed = time.monotonic() - started
    assert elapsed < 10, f"the worker was held {elapsed:.0f}s by a hung mail server"
    note = Notification.objects.get()
    assert note.emailed_at is None and note.email_next_at is not None  # left for the sweep


def test_an_export_queued_while_the_broker_was_down_is_run_once_redis_is_back(
    client, make_user, school, settings, tmp_path
):
    require_broker()
    settings.EXPORT_INLINE_MAX_ROWS, settings.MEDIA_ROOT = 5, tmp_path
    building = factories.BuildingFactory(school=school, campus__school=school)
    for _ in range(8):
        factories.RoomFactory(building=building, school=school)
    client.force_login(make_user(Role.LOGISTICS))
    with broker_down():
        response = client.get("/places/rooms/", {"export": "xlsx"})
    assert response.status_code == 302  # the user is told it runs in the background
    job = ExportJob.objects.get()
    assert job.status == ExportStatus.QUEUED
    ExportJob.objects.filter(pk=job.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=settings.JOB_REQUEUE_SECONDS + 1)
    )

    with real_worker() as finished, published_ids("core.run_job") as runs:
        sweeps = [sweep_jobs.delay(), sweep_jobs.delay()]  # two beats
        for sweep in sweeps:
            finished.wait(sweep.id)
        assert len(runs) == 1, "only one sweep re-queues the job"
        finished.wait(runs[0])

    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.done_rows == 8 and job.attempts == 1
