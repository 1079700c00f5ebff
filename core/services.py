"""Writes with side effects on core records. Views and the API call these, never the ORM directly."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from core import audit, querycache
from core.models import ArchivableModel, Notification, School, User, UserRole


@transaction.atomic
def record_archive(*, record: ArchivableModel, actor: User) -> ArchivableModel:
    """Archive a permanent record: it disappears from active lists but its history stays."""
    if record.archived_at is None:
        record.archived_at = timezone.now()
        record.save(update_fields=["archived_at", "updated_at"])
        audit.record_event(record, event="archived", actor=actor)
    return record


@transaction.atomic
def record_restore(*, record: ArchivableModel, actor: User) -> ArchivableModel:
    if record.archived_at is not None:
        record.archived_at = None
        record.save(update_fields=["archived_at", "updated_at"])
        audit.record_event(record, event="restored", actor=actor)
    return record


def record_remove(*, record: Model, actor: User) -> None:
    """The generic 'delete' action: archive what must be kept, delete the rest."""
    if isinstance(record, ArchivableModel):
        record_archive(record=record, actor=actor)
    else:
        record.delete()


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[str]) -> User:
    """Give the user exactly these roles (the change is audited on the user)."""
    wanted = set(roles)
    current = set(user.user_roles.values_list("role", flat=True))
    user.user_roles.filter(role__in=current - wanted).delete()
    UserRole.objects.bulk_create([UserRole(user=user, role=role) for role in wanted - current])
    querycache.changed(UserRole)  # bulk_create sends no signal (drop-downs of people by role)
    if wanted != current:
        audit.record_event(
            user, event="roles_changed", changes={"roles": [sorted(current), sorted(wanted)]}
        )
    user.__dict__.pop("role_codes", None)
    return user


def notify(
    *,
    recipients: Iterable[User],
    school: School,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Create in-app notifications, one per recipient, and put their e-mail copies in the outbox.

    The rows are the outbox (core.outbox): each one with an address is due for e-mail now. A task
    queued once the transaction commits sends them at once; if the broker is down the request
    still succeeds and the sweep (core.send_pending_emails, every minute) sends them later.
    """
    from core.tasks import enqueue_on_commit, send_notification_emails

    now = timezone.now()
    notes = Notification.objects.bulk_create(
        [
            Notification(
                school=school,
                recipient=user,
                title=title,
                body=body,
                url=url,
                created_at=now,
                email_next_at=now if email and user.email else None,
            )
            for user in {u.pk: u for u in recipients}.values()
        ]
    )
    querycache.changed(Notification)  # bulk_create sends no signal (the bell's count)
    ids = [note.pk for note in notes if note.email_next_at is not None]
    if ids:
        enqueue_on_commit(send_notification_emails, ids)
    return notes


def notifications_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    unread = user.notifications.filter(read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    count = unread.update(read_at=timezone.now())
    querycache.changed(Notification)  # after the write: update() sends no signal (the bell)
    return count
