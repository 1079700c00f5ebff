"""Writes on repair requests. The HTML views, the API, the Celery tasks and other modules (safety)
call these functions and nothing else. Each workflow step runs through `repairs.workflow`
(who, from which status, guards, one RepairEvent and one audit event, notifications); a refused
step raises core.workflow.TransitionRefused, bad input ValidationError, and nothing changes.
"""

from collections.abc import Callable
from typing import Any

from repairs.services.common import MAX_PHOTOS, settings_for
from repairs.services.dispatch import (
    repair_request_accept,
    repair_request_assign,
    repair_request_hand_over,
    repair_request_mark_duplicate,
    repair_request_reject,
)
from repairs.services.filing import repair_request_create
from repairs.services.reporter import (
    can_dispatch,
    repair_request_auto_confirm,
    repair_request_confirm,
    repair_request_reopen,
)
from repairs.services.work import (
    repair_request_finish,
    repair_request_record_work,
    repair_request_start,
    work_record_add,
)

# The service that does each declared step (repairs.workflow) for the page and the API alike:
# called as STEP_SERVICES[name](request=..., actor=..., **the step form's or serializer's data).
STEP_SERVICES: dict[str, Callable[..., Any]] = {
    "accept": repair_request_accept,
    "assign": repair_request_assign,
    "hand_over": repair_request_hand_over,
    "reject": repair_request_reject,
    "duplicate": repair_request_mark_duplicate,
    "start": repair_request_start,
    "work": repair_request_record_work,
    "finish": repair_request_finish,
    "confirm": repair_request_confirm,
    "reopen": repair_request_reopen,
}

__all__ = [
    "MAX_PHOTOS",
    "STEP_SERVICES",
    "can_dispatch",
    "repair_request_accept",
    "repair_request_assign",
    "repair_request_auto_confirm",
    "repair_request_confirm",
    "repair_request_create",
    "repair_request_finish",
    "repair_request_hand_over",
    "repair_request_mark_duplicate",
    "repair_request_record_work",
    "repair_request_reject",
    "repair_request_reopen",
    "repair_request_start",
    "settings_for",
    "work_record_add",
]
