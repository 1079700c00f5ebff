#!/usr/bin/env python
"""Django's command-line utility for Zongwu."""

import os
import sys


def main() -> None:
    # Development by default; the Docker image and wsgi/celery use config.settings (strict).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_dev")
    from config.startup import load_settings_or_exit

    load_settings_or_exit()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
