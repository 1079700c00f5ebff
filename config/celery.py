"""The Celery application: `celery -A config worker` / `celery -A config beat`."""

import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

if os.path.basename(sys.argv[0]) == "celery":
    # Started as `celery -A config ...`: a bad environment ends in one sentence, not a traceback.
    from config.startup import load_settings_or_exit

    load_settings_or_exit()

app = Celery("zongwu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
