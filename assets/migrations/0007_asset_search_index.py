"""The ledger's text search (?q=) served by trigram indexes on PostgreSQL (core.search)."""

from django.db import migrations

from core.search import AddSearchIndex


class Migration(migrations.Migration):
    dependencies = [
        ("assets", "0006_beat_schedule"),
        ("core", "0003_trigram_extension"),
    ]

    operations = [
        # The fields of assets.filters.AssetFilterSet.search_fields.
        AddSearchIndex(
            model_name="asset",
            fields=["code", "name", "brand", "model_number", "spec", "supplier"],
            name="assets_asset_search",
        ),
    ]
