"""The hygiene part's periodic tasks, as django-celery-beat rows an admin can change."""

from django.db import migrations

from core import beat

SCHEDULES = [
    # name, task, crontab (minute, hour): after the last meal of the day; certificates each morning
    ("canteen: flag meals without disinfection or 陪餐", "canteen.hygiene_check", ("30", "20")),
    ("canteen: health certificates expiring", "canteen.certificates_notify", ("0", "7")),
]


class Migration(migrations.Migration):
    dependencies = [
        ("canteen", "0002_hygiene"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
