"""The canteen entries of the menu (shown to roles that may view each model)."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem, register

CANTEEN = _("Canteen")

# ---- part: menus (begin) ----
# register(CANTEEN, NavItem(...))  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# register(CANTEEN, NavItem(...))  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# register(CANTEEN, NavItem(...))  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
_HYGIENE_DAILY = frozenset({Role.CANTEEN, Role.CANTEEN_MANAGER})
register(
    CANTEEN,
    NavItem(
        _("Today's hygiene"),
        "canteen:hygiene_today",
        "canteen.MorningCheck",
        daily_for=_HYGIENE_DAILY,
    ),
    NavItem(
        _("Morning check"),
        "canteen:morning_today",
        "canteen.MorningCheck",
        daily_for=frozenset({Role.CANTEEN}),
        roles=frozenset({Role.CANTEEN, Role.CANTEEN_MANAGER, Role.DIRECTOR, Role.ADMIN}),
    ),
    NavItem(
        _("陪餐 log"),
        "canteen:accompaniedmeal_list",
        "canteen.AccompaniedMeal",
        daily_for=frozenset({Role.PRINCIPAL}),
    ),
    NavItem(_("Missing canteen records"), "canteen:hygieneflag_list", "canteen.HygieneFlag"),
)
# ---- part: hygiene (end) ----
