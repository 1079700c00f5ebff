"""How work tasks are set up for the tests generated from planning.workflow_calendar."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.choices import Role
from planning.models.calendar import TaskStatus, WorkTask
from planning.workflow_calendar import TASK_WORKFLOW
from tests.factories import UserFactory
from tests.planning.factories_calendar import TaskFactory
from tests.workflow_cases import Scenario

OWNERS: dict[int, object] = {}


def build(school, status: str) -> WorkTask:
    """A task of the workers' role; its owner is a worker of the school."""
    task = TaskFactory(item__school=school, item__owner_role=Role.WORKER)
    OWNERS[task.pk] = UserFactory(school=school, roles=[Role.WORKER])
    if status == TaskStatus.DONE:
        WorkTask.objects.filter(pk=task.pk).update(
            status=TaskStatus.DONE, done_at=timezone.now(), note="已完成"
        )
    return WorkTask.objects.get(pk=task.pk)


SCENARIO = Scenario(
    name="worktask",
    workflow=TASK_WORKFLOW,
    api_base="/api/v1/planning/work-tasks/",
    build=build,
    actor=lambda task, step: OWNERS[task.pk],
    body=lambda task, step: {"note": "已检查全部灭火器"},
    html=lambda task, step, data: (
        reverse("planning:worktask_step", args=[task.pk, step.html_slug]),
        data,
    ),
    # The logistics staff read every task but do not own the workers' one.
    breakers={
        "not_owner": lambda task, step: UserFactory(school=task.school, roles=[Role.LOGISTICS])
    },
)
