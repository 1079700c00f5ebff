"""pg_trgm, for the indexed text search of core.search (PostgreSQL only; nothing on SQLite)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("core", "0002_verbose_names")]

    operations = [TrigramExtension()]
