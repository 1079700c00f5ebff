"""Background jobs of a user (exports, imports): core.jobs runs them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import ExportStatus
from core.models.base import School
from core.models.people import User


class ExportJob(models.Model):
    """A background job of one user: a large list export, or a kind registered in core.jobs
    (e.g. an asset ledger import). Its worker claims it, beats a heartbeat while it runs, and
    core.jobs.sweep_jobs fails it when the worker is gone, so nothing stays "running" forever."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, null=True, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="export_jobs")
    kind = models.CharField(
        pgettext_lazy("background job", "kind"), max_length=40, default="export"
    )
    view_name = models.CharField(max_length=100)
    query_string = models.CharField(max_length=2000, blank=True)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus, default=ExportStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("total rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(blank=True)
    # What a job kind reports back (an import's created count or its per-row problems).
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    enqueued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(
        pgettext_lazy("background job", "started at"), null=True, blank=True
    )
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="core_job_sweep")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:export_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.done_rows * 100 / self.total_rows))
