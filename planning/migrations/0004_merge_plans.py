# The plans part was built beside the calendar and surveys parts, from its own initial migration.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0002_plans_beat"),
        ("planning", "0003_merge_calendar_surveys"),
    ]

    operations: list = []
