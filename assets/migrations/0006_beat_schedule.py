"""The periodic tasks of assets, as django-celery-beat rows an admin can change."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour)
    ("assets: overdue loan reminders", "assets.remind_overdue_loans", ("30", "7")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0005_movement_reminded_on"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
