"""What waits on the home page (core.todo): hazards to accept, overdue rounds, a worker's hazards."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.todo import TodoItem, register
from safety.choices import HazardStatus, TaskStatus

OFFICE = frozenset({Role.DIRECTOR, Role.LOGISTICS})


def _late_rounds(user, rows):
    return rows.filter(status=TaskStatus.OPEN, due_by__lt=timezone.now()).count()


register(
    TodoItem(
        key="safety.hazards_to_accept",
        label=_("Handled hazards to accept"),
        roles=frozenset({Role.DIRECTOR}),
        model="safety.Hazard",
        count=lambda user, rows: rows.filter(status=HazardStatus.HANDLED).count(),
        link=lambda: reverse("safety:hazard_list") + "?status=handled",
        order=20,
    ),
    TodoItem(
        key="safety.rounds_overdue",
        label=_("Safety rounds overdue"),
        roles=OFFICE,
        model="safety.InspectionTask",
        count=_late_rounds,
        link=lambda: reverse("safety:inspectiontask_list") + "?overdue=true",
        order=21,
    ),
    TodoItem(
        # A worker's hazards are their own rows (found, responsible or handling): exactly the
        # open ones of the hazard list they open.
        key="safety.my_hazards",
        label=_("My open hazards"),
        roles=frozenset({Role.WORKER}),
        model="safety.Hazard",
        count=lambda user, rows: rows.exclude(status=HazardStatus.ACCEPTED).count(),
        link=lambda: reverse("safety:hazard_list") + "?open=true",
        order=2,
    ),
    TodoItem(
        key="safety.my_rounds",
        label=_("My safety rounds"),
        roles=frozenset({Role.WORKER}),
        model="safety.InspectionTask",
        count=lambda user, rows: rows.filter(assignee=user, status=TaskStatus.OPEN).count(),
        link=lambda: reverse("safety:my_tasks"),
        order=3,
    ),
)
