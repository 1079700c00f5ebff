"""Planning: Admin pages. Each part adds inside its own section."""

# ---- part: plans (begin) ----
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from planning import admin_surveys  # noqa: F401
# ---- part: surveys (end) ----
