"""The home page's to-do of the work calendar (core.todo): my open tasks due this month, one query."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import todo
from core.todo import TodoItem
from planning.models.calendar import TASK_OWNERS, TaskStatus


def _month_code() -> str:
    return timezone.localdate().strftime("%Y-%m")


def my_open_this_month(user, rows) -> int:
    """My open tasks of this month (the list behind: ?period=<this month>&status=open&mine=true)."""
    first = timezone.localdate().replace(day=1)
    own = Q(owner=user) | Q(owner__isnull=True, owner_role__in=sorted(user.role_codes))
    return rows.filter(own, month=first, status=TaskStatus.OPEN).count()


def register() -> None:
    todo.register(
        TodoItem(
            key="planning.my_tasks_this_month",
            label=_("My work tasks due this month"),
            roles=TASK_OWNERS,
            model="planning.WorkTask",
            count=my_open_this_month,
            link=lambda: (
                reverse("planning:worktask_list") + f"?period={_month_code()}&status=open&mine=true"
            ),
            order=60,
        )
    )
