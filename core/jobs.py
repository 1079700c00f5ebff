"""Background jobs (ExportJob rows): one worker claims a job, a heartbeat shows it alive, a sweep
fails what a dead worker left behind and re-queues what the broker never delivered.

A job's `kind` names its runner: "export" (a list's filter to .xlsx, here) or one an app registers
with `register()` (assets registers its ledger import). A runner gets the job and a `progress`
callback; it calls `finish()` itself when its result must commit together with its own writes.

Guarantees:
- a job runs at most once at a time: `claim()` takes only a queued row, in one conditional UPDATE,
  so a redelivered message, a sweep's re-queue or a second worker finds nothing to do;
- a job whose worker died (no heartbeat for JOB_HEARTBEAT_TIMEOUT_SECONDS) becomes "failed" and
  its page offers a retry; a job never picked up is re-queued, then failed after JOB_QUEUE_GIVE_UP.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.db.models import F, Q
from django.http import QueryDict
from django.urls import resolve, reverse
from django.utils import timezone

from core import exports
from core.choices import ExportStatus
from core.models import ExportJob, User

logger = logging.getLogger(__name__)

Progress = Callable[..., None]
Runner = Callable[[ExportJob, Progress], None]
RUNNERS: dict[str, Runner] = {}


class JobLost(Exception):
    """The job is no longer this worker's (the sweep failed it, or it was retried): stop."""


def register(kind: str, runner: Runner) -> None:
    RUNNERS[kind] = runner


def enqueue(job: ExportJob) -> None:
    """Queue the job's task once the current transaction commits (a broker outage is survived)."""
    from core.tasks import enqueue_on_commit, run_job

    ExportJob.objects.filter(pk=job.pk).update(enqueued_at=timezone.now())
    enqueue_on_commit(run_job, job.pk)


def claim(job_id: int) -> ExportJob | None:
    """Take a queued job for this worker; None if it is running, finished or failed."""
    now = timezone.now()
    taken = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        done_rows=0,
    )
    if not taken:
        return None
    return ExportJob.objects.select_related("requested_by", "school").get(pk=job_id)


def heartbeat(
    job_id: int, done: int, total: int | None = None, *, in_runner_transaction: bool = False
) -> None:
    """Record progress and a sign of life; raises JobLost if the job is no longer running here.

    Inside the runner's own transaction (an import saving its rows for minutes) the row is written
    through a connection of its own, so the page and the sweep see it before that transaction
    commits; there a lost job is found by finish(), which rolls the runner's work back.
    """
    fields: dict[str, Any] = {"done_rows": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total_rows"] = total
    if in_runner_transaction:
        _heartbeat_outside_transaction(job_id, fields)
    elif not ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING).update(**fields):
        raise JobLost(job_id)


def _heartbeat_outside_transaction(job_id: int, fields: dict[str, Any]) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite has one writer at a time: the progress shows when the work commits
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        quote = side.ops.quote_name
        columns = ", ".join(f"{quote(name)} = %s" for name in fields)
        sql = (
            f"UPDATE {quote(ExportJob._meta.db_table)} SET {columns} WHERE id = %s AND status = %s"  # noqa: S608
        )
        with side.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")  # never wait on a row this worker holds
            cursor.execute(sql, [*fields.values(), job_id, ExportStatus.RUNNING.value])
    except DatabaseError:
        logger.warning("heartbeat of job %s not written", job_id, exc_info=True)
    finally:
        side.close()


def finish(job: ExportJob, **fields: Any) -> None:
    """Mark the job done (inside the runner's transaction if it has one); JobLost if not ours."""
    now = timezone.now()
    done = ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING).update(
        status=ExportStatus.DONE, finished_at=now, heartbeat_at=now, **fields
    )
    if not done:
        raise JobLost(job.pk)


def run(job_id: int) -> str:
    """Claim the job and run its kind's runner; the job ends done or failed, never running."""
    job = claim(job_id)
    if job is None:
        return "skipped"
    depth = len(connection.atomic_blocks)

    def progress(done: int, total: int | None = None) -> None:
        nested = len(connection.atomic_blocks) > depth
        heartbeat(job_id, done, total, in_runner_transaction=nested)

    try:
        RUNNERS[job.kind](job, progress)
    except JobLost:
        logger.warning("job %s was taken from this worker; its work is dropped", job_id)
        return "lost"
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        _fail(Q(pk=job_id), error=f"{type(exc).__name__}: {exc}")
        return ExportStatus.FAILED
    return ExportStatus.DONE


def _fail(condition: Q, *, error: str) -> int:
    return ExportJob.objects.filter(
        condition, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    ).update(status=ExportStatus.FAILED, error=error[:2000], finished_at=timezone.now())


def sweep() -> dict[str, int]:
    """Fail jobs whose worker is gone, re-queue jobs the broker lost, fail those queued too long."""
    now = timezone.now()
    dead = _fail(
        Q(
            status=ExportStatus.RUNNING,
            heartbeat_at__lt=now - dt.timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT_SECONDS),
        ),
        error="worker stopped (no heartbeat)",
    )
    requeue_before = now - dt.timedelta(seconds=settings.JOB_REQUEUE_SECONDS)
    stale_queue = Q(status=ExportStatus.QUEUED) & (
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=requeue_before)
    )
    abandoned = _fail(
        stale_queue & Q(created_at__lt=now - dt.timedelta(hours=settings.JOB_QUEUE_GIVE_UP_HOURS)),
        error="never picked up by a worker",
    )
    requeued = 0
    for job_id in ExportJob.objects.filter(stale_queue).values_list("pk", flat=True)[:200]:
        # Only one sweep (two beats) re-queues a job: the conditional update is the claim.
        if ExportJob.objects.filter(stale_queue, pk=job_id).update(enqueued_at=now):
            from core.tasks import enqueue_now, run_job

            requeued += enqueue_now(run_job, job_id)
    return {"failed": dead + abandoned, "requeued": requeued}


@transaction.atomic
def job_retry(*, job: ExportJob, actor: User) -> bool:
    """Queue a failed job of the actor's again; False (nothing done) if it is not failed."""
    reset = ExportJob.objects.filter(
        pk=job.pk, requested_by=actor, status=ExportStatus.FAILED
    ).update(
        status=ExportStatus.QUEUED,
        error="",
        done_rows=0,
        result={},
        started_at=None,
        heartbeat_at=None,
        finished_at=None,
    )
    if reset:
        enqueue(job)
    return bool(reset)


def _run_export(job: ExportJob, progress: Progress) -> None:
    """Re-run the list view's filter for the requester and write the .xlsx, reporting progress."""
    view_class: Any = getattr(resolve(reverse(job.view_name)).func, "view_class")  # noqa: B009
    queryset = view_class.filtered_queryset(job.requested_by, QueryDict(job.query_string))
    table = view_class.table_class()
    with exports.temporary_xlsx() as handle:
        count = exports.write_table(
            handle,
            table=table,
            title=job.title,
            rows=table.rows(queryset, chunk_size=exports.CHUNK_ROWS),
            on_progress=progress,
        )
        handle.seek(0)
        name = f"{job.title}-{timezone.localdate():%Y%m%d}-{job.pk}.xlsx"
        job.file.save(name, File(handle), save=False)
    try:
        finish(job, file=job.file.name, done_rows=count, total_rows=count)
    except JobLost:
        job.file.delete(save=False)
        raise


register("export", _run_export)
