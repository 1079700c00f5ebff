"""Writes on repair requests. The HTML views, the API, the Celery tasks and other modules (safety)
call these functions and nothing else: each checks who may do it and whether the request's status
allows it, changes the request, records a RepairEvent and an audit event, and notifies people.
A refused step raises ValidationError (or PermissionDenied) and changes nothing.
"""

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
from repairs.services.work import repair_request_finish, repair_request_start, work_record_add

__all__ = [
    "MAX_PHOTOS",
    "can_dispatch",
    "repair_request_accept",
    "repair_request_assign",
    "repair_request_auto_confirm",
    "repair_request_confirm",
    "repair_request_create",
    "repair_request_finish",
    "repair_request_hand_over",
    "repair_request_mark_duplicate",
    "repair_request_reject",
    "repair_request_reopen",
    "repair_request_start",
    "settings_for",
    "work_record_add",
]
