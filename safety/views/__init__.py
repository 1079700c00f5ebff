"""Safety screens: generic record views declared once, plus the inspector's and the workflow pages.

Split by part (rounds, hazards, registers, rosters and visitors); every name is re-exported here
so ``safety.urls``, ``safety.api.urls`` and ``views.<resource>`` keep working.
"""

from safety.views.common import (
    _errors,
    _flatten,
)
from safety.views.hazards import (
    HAZARD_STEP_FORMS,
    HazardDetailView,
    HazardListView,
    HazardReportView,
    HazardStepView,
    hazard_urlpatterns,
)
from safety.views.registers import (
    DrillTermView,
    FireCheckView,
    drill,
    equipment,
)
from safety.views.rosters import (
    VisitorCheckOutView,
    roster,
    shift,
    visitor,
)
from safety.views.rounds import (
    ActivateTemplateView,
    AnswerDetailView,
    AnswerListView,
    InspectView,
    MyTasksView,
    TaskAssignView,
    TaskListView,
    _grouped_by_checklist,
    item,
    template,
)

__all__ = [
    "HAZARD_STEP_FORMS",
    "ActivateTemplateView",
    "AnswerDetailView",
    "AnswerListView",
    "DrillTermView",
    "FireCheckView",
    "HazardDetailView",
    "HazardListView",
    "HazardReportView",
    "HazardStepView",
    "InspectView",
    "MyTasksView",
    "TaskAssignView",
    "TaskListView",
    "VisitorCheckOutView",
    "_errors",
    "_flatten",
    "_grouped_by_checklist",
    "drill",
    "equipment",
    "hazard_urlpatterns",
    "item",
    "roster",
    "shift",
    "template",
    "visitor",
]
