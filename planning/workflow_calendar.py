"""The one step of a work task (core.workflow): marking it done.

Who: the task's owner (the person, or anyone with the owner role when no person is named) and
the calendar's managers (the director and the principal). A second "done" is refused with 409
(the task is already done), another school's task is not there (404).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.workflow import Guard, Transition, Workflow
from planning.models.calendar import CALENDAR_MANAGERS, TaskStatus, WorkTask

EVENT_DONE = "planning_task_done"
EVENT_FULFILLED = "planning_task_fulfilled"

OWNER_OR_MANAGER = Guard(
    lambda user, row: row.owned_by(user) or bool(user.role_codes & CALENDAR_MANAGERS),
    _("Only the task's owner, the director or the principal can mark it done."),
    code="not_owner",
)

TASK_WORKFLOW: Workflow[WorkTask] = Workflow(
    model=WorkTask,
    describe=lambda row: f"“{row.item.title}”（{row.month:%Y-%m}）",
    transitions=[
        Transition(
            "done",
            frozenset({TaskStatus.OPEN}),
            TaskStatus.DONE,
            "done",
            EVENT_DONE,
            _("Mark done"),
            _("Marked done"),
            guards=(OWNER_OR_MANAGER,),
        ),
        # Taken by the system when the record that fulfils the task is done (no button, no API).
        Transition(
            "fulfil",
            frozenset({TaskStatus.OPEN}),
            TaskStatus.DONE,
            None,
            EVENT_FULFILLED,
            _("Fulfilled by its record"),
            _("Done by its record"),
        ),
    ],
)
