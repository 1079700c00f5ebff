"""The monthly report: on the 1st of each month at 06:00 school time, last month's, per school."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour, day of month)
    ("core: monthly reports of last month", "core.monthly_reports", ("0", "6", "1")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_monthly_report"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
