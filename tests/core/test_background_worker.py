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


@pytest.mark.django_db(transaction=True)
def test_an_export_whose_worker_is_killed_shows_failed_and_its_retry_finishes(
    client, make_user, school, settings, tmp_path
):
    """A real `celery worker` process, killed with SIGKILL while it writes the file."""
    import os
    import signal
    import subprocess
    import sys
    import uuid

    from django.db import connection

    from config.celery import app
    from core.models import Room

    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("a worker process shares the database and broker: PostgreSQL and Redis (CI)")
    require_broker()
    settings.EXPORT_INLINE_MAX_ROWS, settings.MEDIA_ROOT = 5, tmp_path
    settings.JOB_HEARTBEAT_TIMEOUT_SECONDS = 3
    building = factories.BuildingFactory(school=school, campus__school=school)
    Room.objects.bulk_create(
        [
            Room(school=school, building=building, code=f"{i:05d}", name=f"教室{i}")
            for i in range(12000)
        ]
    )
    client.force_login(make_user(Role.LOGISTICS))
    db = connection.settings_dict
    queue = f"zongwu-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": "postgres://{USER}@{host}:{port}/{NAME}".format(
            host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, **db
        ),
        "MEDIA_ROOT": str(tmp_path),
    }
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-Q", queue),
            *("--without-mingle", "--without-gossip", "--loglevel", "WARNING"),
        ],
        cwd=settings.BASE_DIR,
        env=env,
        start_new_session=True,
    )
    saved = {k: app.conf[k] for k in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=queue)
    try:
        assert client.get("/places/rooms/", {"export": "xlsx"}).status_code == 302
        job = ExportJob.objects.get()
        deadline = time.monotonic() + 40
        while (
            not (job.status == ExportStatus.RUNNING and job.done_rows)
            and time.monotonic() < deadline
        ):
            time.sleep(0.1)
            job.refresh_from_db()
        assert job.status == ExportStatus.RUNNING and job.done_rows, "the worker did not start"
        os.killpg(worker.pid, signal.SIGKILL)  # kill -9 mid-export
        worker.wait(timeout=10)
    finally:
        app.conf.update(saved)
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
    time.sleep(settings.JOB_HEARTBEAT_TIMEOUT_SECONDS + 1)

    assert sweep_jobs()["failed"] == 1  # (beat runs this every minute)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "失败，请重试" in page and 'data-testid="job-retry"' in page
    client.post(f"/exports/{job.pk}/retry/")  # eager here: the retry runs at once
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.done_rows == 12000 and job.attempts == 2
