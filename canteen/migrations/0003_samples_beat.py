"""The food-sample check as a django-celery-beat row an admin can change: every five minutes, each
meal is checked once its `sample_check_after_minutes` have passed (the flags are unique, so the
runs in between add nothing)."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour)
    ("canteen: check food samples and sample fridges", "canteen.check_samples", ("*/5", "*")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("canteen", "0002_samples"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
