"""The work calendar's periodic tasks (django-celery-beat rows an admin can change)."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # On the 1st at 00:05: this month's tasks (idempotent: (item, month) is unique).
    ("planning: generate the month's work tasks", "planning.generate_month_tasks", ("5", "0", "1")),
    # Every 15 minutes: tasks fulfilled by a confirmed stocktake or a held drill.
    (
        "planning: close tasks fulfilled by their record",
        "planning.check_task_fulfilment",
        ("*/15", "*"),
    ),
    # Every morning at 08:00: overdue reminders, once per task.
    ("planning: remind owners of overdue work tasks", "planning.remind_overdue_tasks", ("0", "8")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_calendar"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
