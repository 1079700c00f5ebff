"""The periodic task of goods acceptance, as a django-celery-beat row an admin can change."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour)
    ("canteen: supplier licences expiring", "canteen.notify_licences", ("10", "7")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("canteen", "0002_acceptance"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
