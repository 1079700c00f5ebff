"""Planning: Menu entries. Each part adds inside its own section."""

# ---- part: plans (begin) ----
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register

register(_("Planning"), NavItem(_("Three-year plans"), "planning:plan_list", "planning.Plan"))
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
# ---- part: surveys (end) ----
