"""`manage.py backup`: one consistent copy of the database and of the uploads, side by side.

PostgreSQL is dumped with pg_dump's custom format (restore with pg_restore, see docs/backup.md);
the SQLite file is copied with SQLite's online backup (safe while the app runs); the media folder
becomes a .tar.gz. Files are named by the time of the backup, so a nightly run keeps a history.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils import timezone


class Command(BaseCommand):
    help = "Back up the database and the media folder into a folder (default: var/backups/)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "backups"))

    def handle(self, *args, **options):
        folder = Path(options["output"])
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        database = backup_database(folder, stamp)
        media = backup_media(folder, stamp)
        self.stdout.write(self.style.SUCCESS(f"Database: {database}\nMedia: {media}"))


def backup_database(folder: Path, stamp: str) -> Path:
    db = connections["default"].settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        target = folder / f"zongwu-{stamp}.sqlite3"
        with sqlite3.connect(db["NAME"]) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return target
    if shutil.which("pg_dump") is None:
        raise CommandError("pg_dump is not installed (Debian: apt-get install postgresql-client).")
    target = folder / f"zongwu-{stamp}.dump"
    command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", db["NAME"]]
    command += [f"--{flag}={db[key]}" for flag, key in PG_FLAGS if db.get(key)]
    env = {**os.environ, **({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
    return target


PG_FLAGS = [("host", "HOST"), ("port", "PORT"), ("username", "USER")]


def backup_media(folder: Path, stamp: str) -> Path:
    target = folder / f"media-{stamp}.tar.gz"
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w:gz") as archive:
        if root.is_dir():
            archive.add(root, arcname=".")
    return target
