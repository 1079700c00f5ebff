"""Planning: Celery tasks. Each part adds inside its own section."""

# ---- part: plans (begin) ----
from celery import shared_task


@shared_task(name="planning.snapshot_kpis", acks_late=True)
def snapshot_kpis(month: str = "") -> int:
    """Monthly: store every approved plan's KPI values of the month that ended ("2026-11" to
    redo one). Idempotent: one snapshot per KPI and month (a unique constraint)."""
    from core.metrics import Period
    from planning.services.plan_tasks import kpis_snapshot

    period = Period.parse(month) if month else Period.current_month().previous()
    return kpis_snapshot(month=period)


@shared_task(name="planning.notify_overdue_milestones", acks_late=True)
def notify_overdue_milestones() -> int:
    """Daily: tell each overdue milestone once (claimed by a conditional UPDATE)."""
    from planning.services.plan_tasks import milestones_notify_overdue

    return milestones_notify_overdue()


# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
# ---- part: surveys (end) ----
