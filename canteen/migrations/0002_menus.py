from django.db import migrations, models

from canteen.banned_foods import NATIONAL_BANNED_FOODS


def seed_banned_foods(apps, schema_editor):
    """Every existing school gets the national banned foods it does not have (idempotent)."""
    School = apps.get_model("core", "School")
    BannedFood = apps.get_model("canteen", "BannedFood")
    have = set(BannedFood.objects.values_list("school_id", "name"))
    rows = [
        BannedFood(school_id=pk, name=name, keywords=keywords, reason=reason, national=True)
        for pk in School.objects.values_list("pk", flat=True)
        for name, keywords, reason in NATIONAL_BANNED_FOODS
        if (pk, name) not in have
    ]
    BannedFood.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("canteen", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="weeklymenu",
            name="return_note",
            field=models.CharField(
                blank=True,
                help_text="Why the approver sent the menu back (shown until it is submitted again).",
                max_length=300,
                verbose_name="returned with the comment",
            ),
        ),
        migrations.RunPython(seed_banned_foods, migrations.RunPython.noop),
    ]
