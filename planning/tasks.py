"""Planning: Celery tasks. Each part adds inside its own section."""
# ruff: noqa: E402  (each part imports inside its own section)

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
from celery import shared_task


@shared_task(name="planning.generate_month_tasks", acks_late=True)
def generate_month_tasks() -> int:
    """On the 1st: this month's tasks of every school's calendar. Idempotent ((item, month) is
    unique), so a second beat or a redelivery (late acknowledgement) creates nothing."""
    from django.utils import timezone

    from planning.services_calendar import tasks_generate

    return tasks_generate(month=timezone.localdate())


@shared_task(name="planning.check_task_fulfilment", acks_late=True)
def check_task_fulfilment() -> int:
    """Close open tasks whose stocktake was confirmed or drill held; a closed task is skipped."""
    from planning.services_calendar import fulfilment_check

    return fulfilment_check()


@shared_task(name="planning.remind_overdue_tasks", acks_late=True)
def remind_overdue_tasks() -> int:
    """Remind owners of overdue tasks once per task (claimed by a conditional UPDATE)."""
    from planning.services_calendar import overdue_notify

    return overdue_notify()


# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from planning.tasks_surveys import surveys_close_past_deadline  # noqa: F401
# ---- part: surveys (end) ----
