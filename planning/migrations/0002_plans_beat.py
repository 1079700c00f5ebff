"""The plans part's periodic work as django-celery-beat rows an admin can change: the KPI snapshot
of the month that ended (the 1st, with a second run on the 2nd that adds nothing if the first
ran) and the daily overdue-milestone notices (each told once)."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour[, day of month])
    ("planning: monthly KPI snapshot", "planning.snapshot_kpis", ("30", "2", "1,2")),
    ("planning: overdue plan milestones", "planning.notify_overdue_milestones", ("0", "8")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
