"""The sweeps of core's background work, as django-celery-beat rows an admin can change."""

from django.db import migrations

SCHEDULES = [
    # name, task, crontab (minute, hour)
    ("core: send unsent e-mails (outbox sweep)", "core.send_pending_emails", ("*", "*")),
    ("core: fail lost jobs, re-queue undelivered ones", "core.sweep_jobs", ("*", "*")),
]


def create(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour) in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Shanghai",
        )
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "enabled": True}
        )


def remove(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _task, _when in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_outbox_and_job_heartbeat"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
