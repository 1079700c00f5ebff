"""Planning: Celery tasks. Each part adds inside its own section."""

# ---- part: plans (begin) ----
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from planning.tasks_surveys import surveys_close_past_deadline  # noqa: F401
# ---- part: surveys (end) ----
