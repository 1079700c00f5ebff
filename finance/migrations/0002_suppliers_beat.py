"""The daily contract-end notice (finance.notify_contracts) as a django-celery-beat row."""

from django.db import migrations

from core import beat

SCHEDULES = [("finance: notify contracts ending soon", "finance.notify_contracts", ("20", "7"))]


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    operations = [migrations.RunPython(*beat.schedule_operations(SCHEDULES))]
