"""Background jobs never stay "running" or "queued" forever: a job whose worker is gone is failed
and offers a retry, a job the broker never delivered is queued again, a job runs once at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core import jobs
from core.choices import ExportStatus, Role
from core.models import ExportJob
from core.tasks import run_job, sweep_jobs
from tests import factories
from tests.background import broker_down

pytestmark = pytest.mark.django_db

ROOMS_URL = "/places/rooms/"


@pytest.fixture
def logistics(client, make_user):
    user = make_user(Role.LOGISTICS)
    client.force_login(user)
    return user


@pytest.fixture
def rooms(school):
    building = factories.BuildingFactory(school=school, campus__school=school)
    return [factories.RoomFactory(building=building, school=school) for _ in range(12)]


@pytest.fixture
def big(settings, tmp_path):
    settings.EXPORT_INLINE_MAX_ROWS = 5
    settings.MEDIA_ROOT = tmp_path


def start_export(client, capture, *, broker_is_down=False):
    """Press 导出 Excel on a list too long for the request; the job's task is queued on commit."""
    if broker_is_down:
        with broker_down(), capture(execute=True):
            response = client.get(ROOMS_URL, {"export": "xlsx"})
    else:
        with capture(execute=True):
            response = client.get(ROOMS_URL, {"export": "xlsx"})
    assert response.status_code == 302
    return ExportJob.objects.get()


def worker_died_mid_job(job, settings, done_rows=3):
    """What a killed worker leaves behind: running, some progress, no heartbeat since."""
    silent = dt.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT_SECONDS + 1)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING,
        done_rows=done_rows,
        started_at=timezone.now() - silent,
        heartbeat_at=timezone.now() - silent,
    )


def test_a_job_whose_worker_died_is_failed_and_its_page_offers_a_retry(
    client, logistics, rooms, big, settings, django_capture_on_commit_callbacks
):
    job = start_export(client, django_capture_on_commit_callbacks)
    worker_died_mid_job(job, settings)
    running = client.get(job.get_absolute_url()).content.decode()
    assert "25%" in running and 'data-testid="job-retry"' not in running

    assert sweep_jobs() == {"failed": 1, "requeued": 0}

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.finished_at
    page = client.get(job.get_absolute_url()).content.decode()
    assert "失败，请重试" in page
    assert f'action="/exports/{job.pk}/retry/"' in page and 'data-testid="job-retry"' in page
    assert "25%" not in page


def test_a_live_job_is_left_alone_by_the_sweep(
    client, logistics, rooms, big, settings, django_capture_on_commit_callbacks
):
    job = start_export(client, django_capture_on_commit_callbacks)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, heartbeat_at=timezone.now()
    )

    assert sweep_jobs() == {"failed": 0, "requeued": 0}
    job.refresh_from_db()
    assert job.status == ExportStatus.RUNNING


def test_retry_runs_the_failed_job_again_once(
    client, logistics, rooms, big, settings, django_capture_on_commit_callbacks
):
    job = start_export(client, django_capture_on_commit_callbacks)
    worker_died_mid_job(job, settings)
    sweep_jobs()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/exports/{job.pk}/retry/")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.done_rows == 12 and job.attempts == 2
    assert 'data-testid="export-download"' in client.get(job.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True) as again:
        client.post(f"/exports/{job.pk}/retry/")  # pressed twice, or an old tab
    assert again == []  # nothing queued: a done job is not run again
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.attempts == 2


def test_retry_needs_post_and_the_requester(
    client, logistics, rooms, big, settings, make_user, django_capture_on_commit_callbacks
):
    job = start_export(client, django_capture_on_commit_callbacks)
    worker_died_mid_job(job, settings)
    sweep_jobs()

    assert client.get(f"/exports/{job.pk}/retry/").status_code == 405
    client.force_login(make_user(Role.LOGISTICS))
    assert client.post(f"/exports/{job.pk}/retry/").status_code == 404
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED


def test_an_export_started_while_the_broker_is_down_is_queued_again_by_the_sweep(
    client, logistics, rooms, big, settings, django_capture_on_commit_callbacks
):
    job = start_export(client, django_capture_on_commit_callbacks, broker_is_down=True)
    job.refresh_from_db()
    assert job.status == ExportStatus.QUEUED  # the request succeeded; the task was not sent

    assert sweep_jobs() == {"failed": 0, "requeued": 0}  # just queued: give the broker time
    ExportJob.objects.filter(pk=job.pk).update(
        enqueued_at=timezone.now() - dt.timedelta(seconds=settings.JOB_REQUEUE_SECONDS + 1)
    )
    assert sweep_jobs() == {"failed": 0, "requeued": 1}  # Redis is back

    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.done_rows == 12


def test_a_job_never_picked_up_for_hours_is_failed(
    client, logistics, rooms, big, settings, django_capture_on_commit_callbacks
):
    job = start_export(client, django_capture_on_commit_callbacks, broker_is_down=True)
    long_ago = timezone.now() - dt.timedelta(hours=settings.JOB_QUEUE_GIVE_UP_HOURS, minutes=1)
    ExportJob.objects.filter(pk=job.pk).update(created_at=long_ago, enqueued_at=long_ago)

    assert sweep_jobs() == {"failed": 1, "requeued": 0}
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED


def test_a_second_delivery_of_a_job_does_nothing(
    client, logistics, rooms, big, settings, django_capture_on_commit_callbacks
):
    job = start_export(client, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    first_file = job.file.name

    assert run_job(job.pk) == "skipped"  # redelivered after the worker acknowledged late
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    assert run_job(job.pk) == "skipped"  # another worker has it
    job.refresh_from_db()
    assert job.file.name == first_file and job.attempts == 1


def test_a_worker_that_lost_its_job_stops_and_keeps_nothing(
    client, logistics, rooms, big, settings, django_capture_on_commit_callbacks
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        client.get(ROOMS_URL, {"export": "xlsx"})
    job = ExportJob.objects.get()
    claimed = jobs.claim(job.pk)
    assert claimed is not None
    worker_died_mid_job(job, settings)
    sweep_jobs()  # the sweep thought the worker dead; it was only slow

    with pytest.raises(jobs.JobLost):
        jobs.heartbeat(job.pk, 10)
    with pytest.raises(jobs.JobLost):
        jobs.finish(claimed)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and job.done_rows == 3


def test_the_visibility_timeout_outlasts_the_longest_task(settings):
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("the visibility timeout is a Redis transport option")
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST


@pytest.mark.django_db(transaction=True)
def test_a_heartbeat_inside_a_long_transaction_is_seen_at_once(school, make_user):
    from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction

    if connection.vendor == "sqlite":
        pytest.skip("SQLite has one writer at a time; CI runs this on PostgreSQL")
    job = ExportJob.objects.create(
        school=school, requested_by=make_user(Role.LOGISTICS), kind="export", title="x"
    )
    assert jobs.claim(job.pk) is not None
    other = connections.create_connection(DEFAULT_DB_ALIAS)  # the job page, or the sweep
    try:
        with transaction.atomic():  # an import saving 5,000 rows for minutes
            jobs.heartbeat(job.pk, 4321, 10000, in_runner_transaction=True)
            with other.cursor() as cursor:
                cursor.execute("SELECT done_rows FROM core_exportjob WHERE id = %s", [job.pk])
                assert cursor.fetchone() == (4321,)
    finally:
        other.close()


def test_the_sweeps_are_scheduled_every_minute_in_the_database():
    from django_celery_beat.models import PeriodicTask

    sweeps = PeriodicTask.objects.filter(task__in=["core.send_pending_emails", "core.sweep_jobs"])
    assert sorted(t.task for t in sweeps if t.enabled) == [
        "core.send_pending_emails",
        "core.sweep_jobs",
    ]
    assert {(t.crontab.minute, t.crontab.hour) for t in sweeps} == {("*", "*")}
