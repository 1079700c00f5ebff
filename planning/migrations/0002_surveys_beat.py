"""The daily close of surveys past their deadline, as a django-celery-beat row an admin can
change (answers past the deadline are refused anyway; this sets the status the pages show)."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour)
    (
        "planning: close surveys past their deadline",
        "planning.surveys_close_past_deadline",
        ("10", "0"),
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_surveys"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
