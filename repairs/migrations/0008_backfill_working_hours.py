"""Fill the stored working hours of the requests that existed before they were stored."""

from django.db import migrations


def backfill(apps, schema_editor) -> None:
    """Every request with a response or finish, 2,000 at a time, through the school calendar."""
    from repairs import durations

    durations.recompute(
        apps.get_model("repairs", "RepairRequest").objects.all(),
        settings_model=apps.get_model("repairs", "RepairSettings"),
        calendar_models=(apps.get_model("core", "Holiday"), apps.get_model("core", "Term")),
    )


class Migration(migrations.Migration):
    # Batches of their own: no single transaction holding every row of a big table.
    atomic = False

    dependencies = [
        ("core", "0008_merge_0006_group_robots_0007_monthly_report_schedule"),
        ("repairs", "0007_working_hours_stored"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
