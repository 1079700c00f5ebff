"""Safety writes with side effects. Views, the API and Celery tasks call these, never the ORM.

Split by part like ``repairs.services`` and ``assets.services``; every name is re-exported here
so ``services.<name>`` (including ``STEP_SERVICES``) keeps working.
"""

from safety.services.common import (
    _stored_photo,
    _tell_directors,
)
from safety.services.hazards import (
    STEP_SERVICES,
    _directors_notice,
    hazard_accept,
    hazard_assign,
    hazard_escalate,
    hazard_handle,
    hazard_open_repair,
    hazard_reject,
    hazard_report,
)
from safety.services.registers import (
    _fire_defect_hazard,
    fire_equipment_check,
    open_equipment_hazard,
)
from safety.services.rounds import (
    _complete_if_all_answered,
    _hazard_from_answer,
    _refuse_if_answered,
    can_inspect,
    inspection_answer,
)
from safety.services.templates import (
    template_activate,
    template_deactivate,
    template_frequency_problems,
)
from safety.services.visitors import (
    visitor_check_out,
)

__all__ = [
    "STEP_SERVICES",
    "_complete_if_all_answered",
    "_directors_notice",
    "_fire_defect_hazard",
    "_hazard_from_answer",
    "_refuse_if_answered",
    "_stored_photo",
    "_tell_directors",
    "can_inspect",
    "fire_equipment_check",
    "hazard_accept",
    "hazard_assign",
    "hazard_escalate",
    "hazard_handle",
    "hazard_open_repair",
    "hazard_reject",
    "hazard_report",
    "inspection_answer",
    "open_equipment_hazard",
    "template_activate",
    "template_deactivate",
    "template_frequency_problems",
    "visitor_check_out",
]
