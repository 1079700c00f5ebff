"""Planning: Menu entries. Each part adds inside its own section."""
# ruff: noqa: E402  (each part imports inside its own section)

# ---- part: plans (begin) ----
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
from django.utils.translation import gettext_lazy as _calendar_label

from core import navigation as _calendar_navigation
from core.choices import Role as _CalendarRole

# The work calendar's group (its Resources add their lists to it: planning.views_calendar).
CALENDAR_GROUP = _calendar_label("Planning")
_calendar_navigation.add(
    CALENDAR_GROUP,
    _calendar_navigation.NavItem(
        _calendar_label("Work calendar"), "planning:calendar", "planning.WorkTask"
    ),
)
_calendar_navigation.add(
    CALENDAR_GROUP,
    _calendar_navigation.NavItem(
        _calendar_label("My tasks this month"),
        "planning:calendar_mine",
        "planning.WorkTask",
        daily_for=frozenset({_CalendarRole.LOGISTICS, _CalendarRole.WORKER}),
    ),
)
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from django.utils.translation import gettext_lazy as _lazy

from core import navigation as _navigation

_SURVEYS = _navigation.NavItem(
    _lazy("Satisfaction surveys"), "planning:survey_list", "planning.Survey"
)
_GROUP = next(
    (g.label for g in _navigation.MENU if str(g.label) == str(_lazy("Planning"))),
    _lazy("Planning"),
)
_navigation.add(_GROUP, _SURVEYS)
# ---- part: surveys (end) ----
