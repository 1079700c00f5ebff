"""Planning records; each part of the module imports its models inside its own section."""

# ---- part: plans (begin) ----
from planning.models.plans import (  # noqa: F401
    Goal,
    Kpi,
    KpiSnapshot,
    KpiValue,
    Milestone,
    Plan,
    PlanArea,
    PlanRevision,
)

# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
# ---- part: surveys (end) ----
