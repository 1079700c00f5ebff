"""Planning: Home-page to-do items. Each part adds inside its own section."""

# ---- part: plans (begin) ----
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from planning import todo_surveys  # noqa: F401
# ---- part: surveys (end) ----
