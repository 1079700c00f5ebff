"""Example public-procurement limits of a few provinces (分散采购限额 and 公开招标数额标准), marked
unconfirmed: the administrator checks each against the province's current notice and confirms
it in the admin (Finance › Procurement limits). A school's finance settings name its province."""

from decimal import Decimal

from django.db import migrations

SOURCE = "示例数据，请管理员核对"
# province, kind, public procurement from, open tender from, effective from, effective until
LIMITS = [
    ("浙江", "goods", "400000", "4000000", "2021-01-01", None),
    ("浙江", "services", "400000", "4000000", "2021-01-01", None),
    ("浙江", "works", "600000", "4000000", "2021-01-01", None),
    ("浙江", "goods", "300000", "2000000", "2018-01-01", "2020-12-31"),
    ("浙江", "services", "300000", "2000000", "2018-01-01", "2020-12-31"),
    ("江苏", "goods", "500000", "4000000", "2020-07-01", None),
    ("江苏", "services", "500000", "4000000", "2020-07-01", None),
    ("江苏", "works", "1000000", "4000000", "2020-07-01", None),
    ("广东", "goods", "300000", "3000000", "2021-01-01", None),
    ("广东", "services", "300000", "3000000", "2021-01-01", None),
    ("广东", "works", "600000", "4000000", "2021-01-01", None),
    ("北京", "goods", "500000", "2000000", "2020-03-01", None),
    ("北京", "services", "500000", "2000000", "2020-03-01", None),
    ("北京", "works", "1000000", "4000000", "2020-03-01", None),
]


def seed(apps, schema_editor):
    ProcurementLimit = apps.get_model("finance", "ProcurementLimit")
    for province, kind, public, tender, start, until in LIMITS:
        ProcurementLimit.objects.get_or_create(
            province=province,
            kind=kind,
            effective_from=start,
            defaults={
                "decentralised_from": Decimal(public),
                "open_tender_from": Decimal(tender),
                "effective_until": until,
                "confirmed": False,
                "source": SOURCE,
            },
        )


def unseed(apps, schema_editor):
    ProcurementLimit = apps.get_model("finance", "ProcurementLimit")
    ProcurementLimit.objects.filter(source=SOURCE, confirmed=False).delete()


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
