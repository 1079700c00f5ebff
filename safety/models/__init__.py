"""Safety (安全): inspection templates and rounds, hazards, fire equipment, drills, gate log, duty.

Split by part like ``safety.views``; every name is re-exported here so
``from safety.models import X`` keeps working.
"""

from safety.models.common import (
    BOSSES,
    OFFICE,
)
from safety.models.hazards import (
    Hazard,
    _involved_in,
)
from safety.models.registers import (
    Drill,
    FireCheck,
    FireEquipment,
)
from safety.models.rosters import (
    DutyRoster,
    DutyShift,
    Visitor,
    id_last4_validator,
)
from safety.models.rounds import (
    InspectionAnswer,
    InspectionTask,
    InspectionTemplate,
    TemplateItem,
    _assigned_to,
)

__all__ = [
    "BOSSES",
    "OFFICE",
    "Drill",
    "DutyRoster",
    "DutyShift",
    "FireCheck",
    "FireEquipment",
    "Hazard",
    "InspectionAnswer",
    "InspectionTask",
    "InspectionTemplate",
    "TemplateItem",
    "Visitor",
    "_assigned_to",
    "_involved_in",
    "id_last4_validator",
]
