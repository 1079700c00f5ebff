"""The e-mail outbox of notifications: the stored row is the truth, never a queued task.

notify() stores each notification that is to be e-mailed with `email_next_at` = now. A sender (the
task queued after commit, or the sweep that beat runs every minute) claims a due row with one
conditional UPDATE, hands the message to the mail server and only then marks it e-mailed. A
failure releases the claim with a later attempt time (exponential backoff, given up only after
EMAIL_GIVE_UP_HOURS, recorded on the row). A claim older than EMAIL_CLAIM_LEASE_SECONDS (its worker
was killed mid-send) is taken over.

So when the broker, a worker or the mail server is away, nothing is lost; two workers or two beats
never send one message twice. The one window left is a worker killed after the server accepted a
message and before the mark (a few microseconds): that message is sent again after the lease.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from core.models import Notification

logger = logging.getLogger(__name__)


def due(now: dt.datetime) -> Q:
    """Rows whose e-mail is to be sent now: unsent, due, and not claimed by a live sender."""
    lease = dt.timedelta(seconds=settings.EMAIL_CLAIM_LEASE_SECONDS)
    unclaimed = Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - lease)
    return Q(emailed_at__isnull=True, email_next_at__lte=now) & unclaimed


def backoff(attempts: int) -> dt.timedelta:
    """Wait after the n-th failure: 30 s, 1, 2, 4 … minutes, at most EMAIL_RETRY_MAX_SECONDS."""
    seconds = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, settings.EMAIL_RETRY_MAX_SECONDS))


def send_due(*, ids: list[int] | None = None, limit: int = 500) -> int:
    """Send the due e-mails (only these ids if given), oldest first; returns how many were sent.

    Stops at the first mail-server error: the server is away, the rest waits for the sweep
    instead of each message holding the worker for EMAIL_TIMEOUT.
    """
    pending = Notification.objects.filter(due(timezone.now())).order_by("email_next_at", "pk")
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    sent = 0
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        outcome = _send_one(pk)
        if outcome is None:
            break
        sent += outcome
    return sent


def _send_one(pk: int) -> int | None:
    """1 sent, 0 skipped (another sender has it, or no address), None: the mail server failed."""
    if not _claim(pk):
        return 0
    note = Notification.objects.select_related("recipient", "report").get(pk=pk)
    address = note.recipient.email
    if not address:
        Notification.objects.filter(pk=pk).update(email_next_at=None, email_claimed_at=None)
        return 0
    link = f"{settings.SITE_URL}{note.url}" if note.url.startswith("/") else note.url
    try:
        _message(note, link, address).send()
    except Exception as exc:
        _release(note, exc)
        return None
    # Marked only now: the server has accepted the message.
    Notification.objects.filter(pk=pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now(), email_next_at=None, email_claimed_at=None, email_error=""
    )
    return 1


def _message(note: Notification, link: str, address: str) -> EmailMessage:
    """The e-mail; a notification about a monthly report carries its current PDF."""
    message = EmailMessage(note.title, f"{note.body}\n\n{link}".strip(), None, [address])
    report = note.report
    if report is not None and report.pdf:
        with report.pdf.open("rb") as pdf:
            message.attach(f"{report.school.code}-{report.code}.pdf", pdf.read(), "application/pdf")
    return message


def _claim(pk: int) -> bool:
    """Take one due row for this sender; False if another sender holds it or it was sent."""
    now = timezone.now()
    return Notification.objects.filter(due(now), pk=pk).update(email_claimed_at=now) == 1


def _release(note: Notification, exc: Exception) -> None:
    """Give the row back with a later attempt, or give up once it is EMAIL_GIVE_UP_HOURS old."""
    now = timezone.now()
    attempts = note.email_attempts + 1
    error = f"{type(exc).__name__}: {exc}"[:300]
    gave_up = now - note.created_at >= dt.timedelta(hours=settings.EMAIL_GIVE_UP_HOURS)
    logger.warning(
        "e-mail of notification %s failed (attempt %s%s): %s",
        note.pk,
        attempts,
        ", given up" if gave_up else "",
        error,
    )
    Notification.objects.filter(pk=note.pk, emailed_at__isnull=True).update(
        email_claimed_at=None,
        email_attempts=F("email_attempts") + 1,
        email_error=error,
        email_next_at=None if gave_up else now + backoff(attempts),
        email_failed_at=now if gave_up else None,
    )
