"""Periodic tasks as django-celery-beat rows an admin can change, created by each app's data
migration through one pair of functions (so every schedule is made the same way)::

    SCHEDULES = [("repairs: SLA warnings", "repairs.check_sla", ("*/10", "*"))]  # minute, hour
    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]

Migrations get the historical models through ``apps``; nothing here imports a model directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# name, task, (crontab minute, hour) or (minute, hour, day of month)
Schedule = tuple[str, str, tuple[str, ...]]
TIMEZONE = "Asia/Shanghai"


def schedule_operations(schedules: Sequence[Schedule]) -> tuple[Callable, Callable]:
    """(create, remove) for ``migrations.RunPython``; both idempotent, keyed by the task's name."""

    def create(apps, schema_editor) -> None:
        crontab_model = apps.get_model("django_celery_beat", "CrontabSchedule")
        task_model = apps.get_model("django_celery_beat", "PeriodicTask")
        for name, task, when in schedules:
            minute, hour, day_of_month = (*when, "*")[:3]
            crontab, _ = crontab_model.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_week="*",
                day_of_month=day_of_month,
                month_of_year="*",
                timezone=TIMEZONE,
            )
            task_model.objects.get_or_create(
                name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
            )

    def remove(apps, schema_editor) -> None:
        task_model = apps.get_model("django_celery_beat", "PeriodicTask")
        task_model.objects.filter(name__in=[name for name, _task, _when in schedules]).delete()

    return create, remove
