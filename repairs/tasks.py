"""Periodic repairs work (scheduled by the data migration 0002_beat_schedule)."""

from __future__ import annotations

from celery import shared_task

from repairs import escalation


@shared_task(name="repairs.check_sla")
def check_sla() -> dict[str, int]:
    """Warn before and flag after a missed response or finish target (each alert once)."""
    return escalation.repair_sla_scan()


@shared_task(name="repairs.auto_confirm")
def auto_confirm() -> int:
    """Confirm requests left 'done' without the reporter's answer for the school's N days."""
    return escalation.repair_auto_confirm_due()


@shared_task(name="repairs.recompute_working_hours")
def recompute_working_hours(school_id: int, first: str, last: str) -> int:
    """After a calendar change: the stored working hours of the school's requests that span the
    days first..last (ISO dates), recomputed through the calendar as it now is."""
    import datetime as dt

    from repairs import durations
    from repairs.models import RepairRequest

    requests = RepairRequest.objects.filter(school_id=school_id)
    span = durations.affected(requests, dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    return durations.recompute(span)
