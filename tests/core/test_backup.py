"""The backup round trip of docs/backup.md, on PostgreSQL: back up the demo school with a photo,
restore the dump into a new database and the media into a new folder, then the copy has every
row of every table, the photo opens, and a new record gets a fresh id (sequences restored)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from PIL import Image
from psycopg.conninfo import make_conninfo

from tests.conftest import require_service


def jpeg() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="leak.jpg")


def row_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [name for (name,) in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # names from the catalogue
        counts[table] = (cursor.fetchone() or (0,))[0]
    return counts


@pytest.fixture
def restored_database():
    """A fresh, empty database next to the test database; dropped afterwards."""
    if connection.vendor != "postgresql" or shutil.which("pg_restore") is None:
        require_service("the backup round trip needs PostgreSQL and pg_dump/pg_restore")
    source = connection.settings_dict
    name = f"{source['NAME']}_restored"
    keys = {"host": "HOST", "port": "PORT", "user": "USER", "password": "PASSWORD"}
    params = {key: str(source[setting]) for key, setting in keys.items() if source.get(setting)}
    with psycopg.connect(make_conninfo(dbname="postgres", **params), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name, params
    with psycopg.connect(make_conninfo(dbname="postgres", **params), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_restores_every_row_the_photos_and_new_writes(restored_database, tmp_path):
    from core.demo import seed_demo_school
    from core.models import Campus
    from safety.models import Hazard

    name, params = restored_database
    school = seed_demo_school()
    hazard = Hazard.objects.filter(school=school).first() or pytest.fail("the demo has hazards")
    hazard.photo.save("leak.jpg", jpeg(), save=True)

    call_command("backup", output=str(tmp_path / "backups"))
    dump = next((tmp_path / "backups").glob("zongwu-*.dump"))
    media = next((tmp_path / "backups").glob("media-*.tar.gz"))

    # Restore as docs/backup.md says: pg_restore into an empty database, untar the media.
    flags = {"host": "--host", "port": "--port", "user": "--username"}
    restore = ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={name}", str(dump)]
    restore += [f"{flags[key]}={value}" for key, value in params.items() if key in flags]
    env = {**os.environ, "PGPASSWORD": params.get("password", "")}
    done = subprocess.run(restore, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    restored_media = tmp_path / "media"
    with tarfile.open(media) as archive:
        archive.extractall(restored_media, filter="data")

    with connection.cursor() as cursor:
        before = row_counts(cursor)
    with psycopg.connect(make_conninfo(dbname=name, **params)) as copy, copy.cursor() as cursor:
        after = row_counts(cursor)
        cursor.execute("SELECT photo FROM safety_hazard WHERE id = %s", [hazard.pk])
        (photo_name,) = cursor.fetchone() or ("",)
    assert before["safety_hazard"] > 0 and before["core_room"] > 0
    assert after == before

    with Image.open(restored_media / photo_name) as photo:
        photo.verify()  # the restored file is the image, not a truncated copy
    assert (restored_media / photo_name).read_bytes() == Path(hazard.photo.path).read_bytes()

    # A new row in the copy takes the next id, not one in use (the sequences came along).
    newest = Campus.objects.order_by("-pk").values_list("pk", flat=True)[0]
    with psycopg.connect(make_conninfo(dbname=name, **params)) as copy:
        (added,) = copy.execute(
            "INSERT INTO core_campus (school_id, name, address, created_at, updated_at)"
            " VALUES (%s, %s, '', now(), now()) RETURNING id",
            [school.pk, "北校区"],
        ).fetchone() or (0,)
    assert added > newest
