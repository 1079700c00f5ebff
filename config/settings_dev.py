"""What `python manage.py ...` uses on a developer's machine: the same settings, DEBUG on unless set.

Production entry points never load this: wsgi.py, config/celery.py and the Docker image all use
config.settings, where DEBUG is off and SECRET_KEY is required.
"""

import os

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: F403
