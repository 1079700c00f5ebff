"""safety's Celery tasks (scheduled by the rows a data migration creates in django-celery-beat)."""

from __future__ import annotations

from celery import shared_task

from safety.generation import hazards_announce_overdue, rounds_flag_overdue, rounds_generate


@shared_task(name="safety.generate_rounds")
def generate_rounds() -> int:
    """Idempotent: the unique constraints make a second run, or a second beat, add nothing."""
    return rounds_generate()


@shared_task(name="safety.flag_overdue_rounds")
def flag_overdue_rounds() -> int:
    # Overdue hazards ride on the same hourly beat: their robots are told once each.
    hazards_announce_overdue()
    return rounds_flag_overdue()
