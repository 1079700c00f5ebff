"""Planning: menu entries, all in the one group PLANNING. Each part adds inside its own section."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem, add
from planning.apps import PlanningConfig

# navigation.add finds a group by its label object: every part uses this one, the app's name.
PLANNING = PlanningConfig.verbose_name
CALENDAR_GROUP = PLANNING  # the work calendar's Resources name it (planning.views_calendar)

# ---- part: plans (begin) ----
add(PLANNING, NavItem(_("Three-year plans"), "planning:plan_list", "planning.Plan"))
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
add(PLANNING, NavItem(_("Work calendar"), "planning:calendar", "planning.WorkTask"))
add(
    PLANNING,
    NavItem(
        _("My tasks this month"),
        "planning:calendar_mine",
        "planning.WorkTask",
        daily_for=frozenset({Role.LOGISTICS, Role.WORKER}),
    ),
)
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
add(PLANNING, NavItem(_("Satisfaction surveys"), "planning:survey_list", "planning.Survey"))
# ---- part: surveys (end) ----
