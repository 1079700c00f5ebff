"""`make bench`: measured figures, printed as a table. Runs on a throwaway database (`zongwu_bench`).

PostgreSQL is what the figures are for: set DATABASE_URL (the Makefile's bench target defaults it to
the local server). Each module adds tests/bench/<module>.py with a `measure(report)` function.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.bench.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from tests.bench.report import Report

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        print("make bench measures PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    connection.settings_dict["TEST"]["NAME"] = os.environ.get("BENCH_DB_NAME", "zongwu_bench")
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    report = Report()
    try:
        for measure in discover(sys.argv[1:]):
            measure(report)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report.print()
    return 0


def discover(only: list[str]):
    """Every tests/bench/<module>.py with a `measure(report)`; `make bench ARGS=assets` picks one."""
    import importlib
    import pkgutil

    import tests.bench as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name in {"report", "server", "baseline", "settings", "urls"} or (
            only and info.name not in only
        ):
            continue
        module = importlib.import_module(f"tests.bench.{info.name}")
        if hasattr(module, "measure"):
            print(f"== {info.name}", flush=True)
            yield module.measure


if __name__ == "__main__":
    raise SystemExit(main())
