"""The periodic tasks of repairs, as django-celery-beat rows an admin can change."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour)
    ("repairs: SLA warnings and breaches", "repairs.check_sla", ("*/10", "*")),
    ("repairs: auto-confirm finished repairs", "repairs.auto_confirm", ("20", "6")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("repairs", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
