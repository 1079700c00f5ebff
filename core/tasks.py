"""core's Celery tasks: they take ids and call services.

Every task here may run twice (a redelivered message after a worker died, two beats, a sweep
re-queueing) and is written so that a second run does nothing: the rows are claimed with a
conditional UPDATE. So they are acknowledged late and redelivered when their worker is lost
(settings: CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import KombuError

from core import jobs, outbox
from core.models import ExportJob

logger = logging.getLogger(__name__)

try:  # the Redis client's own errors, when the broker is Redis
    from redis.exceptions import RedisError as _RedisError
except ImportError:  # pragma: no cover
    _RedisError = OSError  # type: ignore[assignment,misc]

BROKER_ERRORS = (KombuError, OSError, _RedisError)


def enqueue_now(task: Any, *args: Any) -> bool:
    """Send the task to the broker; False (logged) if the broker is unreachable.

    Callers keep what must happen in a row (a notification's outbox state, a job's status), so a
    lost message is picked up by a sweep instead of failing the user's request.
    """
    try:
        task.apply_async(args=args)
    except BROKER_ERRORS as exc:
        logger.warning("broker unreachable, %s%r left for the sweep: %s", task.name, args, exc)
        return False
    return True


def enqueue_on_commit(task: Any, *args: Any) -> None:
    """Queue the task once the current transaction commits; never fails the request."""
    transaction.on_commit(lambda: enqueue_now(task, *args))


@shared_task(name="core.ping")
def ping() -> str:
    return "pong"


@shared_task(name="core.send_notification_emails", time_limit=300, soft_time_limit=240)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail these notifications now (each once; what fails is left to the sweep)."""
    return outbox.send_due(ids=notification_ids)


@shared_task(name="core.send_pending_emails", time_limit=300, soft_time_limit=240)
def send_pending_emails() -> int:
    """Every minute: send what is due in the outbox (missed, failed earlier, or claimed by a
    worker that died)."""
    return outbox.send_due()


@shared_task(name="core.send_robot_messages", time_limit=300, soft_time_limit=240)
def send_robot_messages(robot_ids: list[int]) -> int:
    """Post these robots' due messages now (each once; what fails is left to the sweep)."""
    from core import robots

    return robots.send_due(robot_ids=robot_ids)


@shared_task(name="core.send_pending_robot_messages", time_limit=300, soft_time_limit=240)
def send_pending_robot_messages() -> int:
    """Every minute: post what the robots' outbox still holds (missed, refused, rate-limited)."""
    from core import robots

    return robots.send_due()


@shared_task(name="core.run_job")
def run_job(job_id: int) -> str:
    """Run a background job (export, import); a second delivery of the message does nothing."""
    return jobs.run(job_id)


@shared_task(name="core.run_export")
def run_export(job_id: int) -> str:
    """The former name of run_job: messages queued before an upgrade still run."""
    return jobs.run(job_id)


@shared_task(name="core.sweep_jobs")
def sweep_jobs() -> dict[str, int]:
    """Every minute: fail jobs whose worker is gone, re-queue those the broker lost."""
    return jobs.sweep()


@shared_task(name="core.purge_old_exports")
def purge_old_exports() -> int:
    """Export files are copies: remove those older than EXPORT_RETENTION_DAYS."""
    cutoff = timezone.now() - dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).iterator():
        with transaction.atomic():
            if job.file:
                job.file.delete(save=False)
            job.delete()
        removed += 1
    return removed


@shared_task(name="core.monthly_reports", acks_late=True)
def monthly_reports() -> int:
    """On the 1st at 06:00 (beat): one task per school for last month's report."""
    from core import reports
    from core.models import School

    month = reports.last_month().code
    school_ids = list(School.objects.order_by("pk").values_list("pk", flat=True))
    for school_id in school_ids:
        enqueue_now(monthly_report, school_id, month)
    return len(school_ids)


@shared_task(name="core.monthly_report", acks_late=True, time_limit=900, soft_time_limit=840)
def monthly_report(school_id: int, month: str) -> str:
    """Build one school's report of the month unless it is ready: a second beat, a redelivered
    message or a retry finds the one row ready and does nothing."""
    from core import reports
    from core.metrics import Period
    from core.models import School

    period = Period.parse(month)
    school = School.objects.get(pk=school_id)
    report = reports.report_generate(school=school, period=period, replace=False)
    return report.status
