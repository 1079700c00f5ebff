"""Planning records; each part of the module imports its models inside its own section."""

# ---- part: plans (begin) ----
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
from planning.models.calendar import WorkItem, WorkTask  # noqa: F401
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
# ---- part: surveys (end) ----
