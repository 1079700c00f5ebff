"""The sweeps of core's background work, as django-celery-beat rows an admin can change."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour)
    ("core: send unsent e-mails (outbox sweep)", "core.send_pending_emails", ("*", "*")),
    ("core: fail lost jobs, re-queue undelivered ones", "core.sweep_jobs", ("*", "*")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_outbox_and_job_heartbeat"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
