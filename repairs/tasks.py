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
