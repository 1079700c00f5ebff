"""Planning: Home-page to-do items. Each part adds inside its own section."""

# ---- part: plans (begin) ----
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
# ---- part: surveys (end) ----
