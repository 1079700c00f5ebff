"""What waits on the home page of the office, the workers and the teachers (core.todo)."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.todo import TodoItem, register
from repairs import sla
from repairs.choices import CLOSED, OPEN_WORK, Status

OFFICE = frozenset({Role.DIRECTOR, Role.LOGISTICS})

register(
    TodoItem(
        key="repairs.to_accept",
        label=_("Repair requests waiting for acceptance"),
        roles=OFFICE,
        model="repairs.RepairRequest",
        count=lambda user, rows: rows.filter(status=Status.SUBMITTED).count(),
        link=lambda: reverse("repairs:repairrequest_list") + "?status=submitted",
        order=10,
    ),
    TodoItem(
        key="repairs.breached",
        label=_("Repair requests past their time limit"),
        roles=OFFICE,
        model="repairs.RepairRequest",
        count=lambda user, rows: rows.filter(sla.breached_q(timezone.now())).count(),
        link=lambda: reverse("repairs:repairrequest_list") + "?overdue=true",
        order=11,
    ),
    TodoItem(
        key="repairs.my_jobs",
        label=_("My jobs"),
        roles=frozenset({Role.WORKER}),
        model="repairs.RepairJob",
        count=lambda user, rows: rows.filter(assignee=user, status__in=OPEN_WORK).count(),
        link=lambda: reverse("repairs:my_jobs"),
        order=1,
    ),
    TodoItem(
        key="repairs.my_open_requests",
        label=_("My open requests"),
        roles=frozenset({Role.TEACHER, Role.CANTEEN}),
        model="repairs.RepairRequest",
        count=lambda user, rows: (
            rows.filter(Q(reporter=user) | Q(filed_by=user)).exclude(status__in=CLOSED).count()
        ),
        link=lambda: reverse("repairs:my_requests"),
        order=2,
    ),
)
