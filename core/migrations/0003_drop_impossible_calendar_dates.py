# Data first, in its own migration (and transaction): the check constraints of 0004 need it.

import datetime

from django.db import migrations, models

def drop_impossible_dates(apps, schema_editor):
    """Terms and holidays outside 2000-2099 (fuzzing stored years 0049-4496) cannot be a school's
    calendar and made every SLA computation fail; they go before the check constraints arrive."""
    outside = models.Q(start__lt=datetime.date(2000, 1, 1)) | models.Q(
        end__gt=datetime.date(2099, 12, 31)
    )
    for name in ("Holiday", "Term"):
        apps.get_model("core", name).objects.filter(outside).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_verbose_names"),
    ]

    operations = [
        migrations.RunPython(drop_impossible_dates, migrations.RunPython.noop),
    ]
