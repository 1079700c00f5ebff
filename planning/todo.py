"""Planning: Home-page to-do items. Each part adds inside its own section."""
# ruff: noqa: E402  (each part imports inside its own section)

# ---- part: plans (begin) ----
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
from planning.todo_calendar import register as _register_calendar_todo

_register_calendar_todo()
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from planning import todo_surveys  # noqa: F401
# ---- part: surveys (end) ----
