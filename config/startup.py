"""Turn a configuration error into one clear sentence and a non-zero exit."""

import sys

from config.env import ConfigError


def load_settings_or_exit() -> None:
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - forces the settings module to load
    except ConfigError as exc:
        sys.stderr.write(f"Zongwu cannot start: {exc}\n")
        raise SystemExit(2) from None
