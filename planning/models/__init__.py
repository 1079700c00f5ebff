"""Planning records; each part of the module imports its models inside its own section."""

# ---- part: plans (begin) ----
# ---- part: plans (end) ----
# ---- part: calendar (begin) ----
from planning.models.calendar import WorkItem, WorkTask  # noqa: F401
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

# ---- part: calendar (end) ----
# ---- part: surveys (begin) ----
from planning.models.surveys import (  # noqa: F401
    QuestionKind,
    Scale,
    ServiceArea,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyResults,
    SurveyStatus,
)
# ---- part: surveys (end) ----
