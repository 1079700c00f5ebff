"""Planning: Menu entries. Each part adds inside its own section."""

# ---- part: plans (begin) ----
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
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
