"""The periodic tasks of safety, as django-celery-beat rows an admin can change."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour)
    ("safety: generate today's inspection rounds", "safety.generate_rounds", ("5", "*")),
    ("safety: flag overdue inspection rounds", "safety.flag_overdue_rounds", ("15", "*")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
