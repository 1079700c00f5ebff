"""core's Celery tasks: they take ids and call services."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.http import QueryDict
from django.urls import resolve, reverse
from django.utils import timezone

from core import exports
from core.choices import ExportStatus
from core.models import ExportJob, Notification

logger = logging.getLogger(__name__)


@shared_task(name="core.ping")
def ping() -> str:
    return "pong"


@shared_task(
    name="core.send_notification_emails",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """E-mail each notification once (emailed_at marks it, so a retry does not send twice)."""
    sent = 0
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
    for note in pending.select_related("recipient"):
        if not note.recipient.email or not _claim(note.pk):
            continue
        link = f"{settings.SITE_URL}{note.url}" if note.url.startswith("/") else note.url
        try:
            send_mail(note.title, f"{note.body}\n\n{link}".strip(), None, [note.recipient.email])
        except OSError:
            Notification.objects.filter(pk=note.pk).update(emailed_at=None)  # retried later
            raise
        sent += 1
    return sent


def _claim(notification_id: int) -> bool:
    """Mark one notification as e-mailed; False if another run got there first."""
    claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    return claimed == 1


@shared_task(name="core.run_export")
def run_export(job_id: int) -> str:
    """Re-run the list view's filter for the requester and write the .xlsx, reporting progress."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    try:
        view_class = resolve(reverse(job.view_name)).func.view_class
        queryset = view_class.filtered_queryset(job.requested_by, QueryDict(job.query_string))
        table = view_class.table_class()
        with exports.temporary_xlsx() as handle:
            count = exports.write_table(
                handle,
                table=table,
                title=job.title,
                rows=table.rows(queryset, chunk_size=exports.CHUNK_ROWS),
                on_progress=lambda done: ExportJob.objects.filter(pk=job.pk).update(done_rows=done),
            )
            handle.seek(0)
            job.file.save(
                f"{job.title}-{timezone.localdate():%Y%m%d}-{job.pk}.xlsx", File(handle), save=False
            )
        job.status, job.done_rows, job.total_rows = ExportStatus.DONE, count, count
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "done_rows", "total_rows", "finished_at"])
    except Exception as exc:
        logger.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error=str(exc), finished_at=timezone.now()
        )
        raise
    return job.status


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
