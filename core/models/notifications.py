"""In-app notifications, with their e-mail outbox state (core.outbox)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models.base import School
from core.models.people import User


class Notification(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, verbose_name=_("school"))
    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # The e-mail copy is an outbox (core.outbox): the row, not a queued task, says what is still
    # to send. emailed_at is set only once the mail server accepted the message.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    email_next_at = models.DateTimeField(_("next e-mail attempt"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(_("e-mail claimed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_failed_at = models.DateTimeField(_("e-mail given up at"), null=True, blank=True)
    email_error = models.CharField(_("last e-mail error"), max_length=300, blank=True)
    # The e-mail carries this report's PDF (read when sent, so a regenerated report sends the new).
    report = models.ForeignKey(
        "core.MonthlyReport",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attached report"),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="core_notif_unread"),
            models.Index(
                fields=["email_next_at"],
                name="core_notif_email_due",
                condition=Q(email_next_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title
