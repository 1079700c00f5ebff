"""Planning: Home-page to-do items. Each part adds inside its own section."""
# ruff: noqa: E402  (each part imports inside its own section)

# ---- part: plans (begin) ----
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import todo
from core.choices import Role

todo.register(
    todo.TodoItem(
        key="planning.plans_to_approve",
        label=_("Three-year plans waiting for your approval"),
        roles=frozenset({Role.PRINCIPAL}),
        model="planning.Plan",
        count=lambda user, rows: rows.filter(status="submitted").count(),
        link=lambda: reverse("planning:plan_list") + "?status=submitted",
        order=40,
    )
)
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
from planning.todo_calendar import register as _register_calendar_todo

_register_calendar_todo()
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from planning import todo_surveys  # noqa: F401
# ---- part: surveys (end) ----
