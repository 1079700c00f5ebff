"""Planning records; each part of the module imports its models inside its own section."""

# ---- part: plans (begin) ----
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
# ---- part: surveys (end) ----
