# The calendar and surveys parts were built side by side, each from an initial migration.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_calendar_beat"),
        ("planning", "0002_surveys_beat"),
    ]

    operations: list = []
