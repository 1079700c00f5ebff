"""Celery tasks of the assets module (explicit names; they call services)."""

from celery import shared_task

from assets import services


@shared_task(name="assets.remind_overdue_loans")
def remind_overdue_loans() -> int:
    """Daily: remind borrowers and logistics staff of overdue loans (idempotent per day)."""
    return services.remind_overdue_loans()
