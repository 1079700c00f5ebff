"""The canteen entries of the menu (shown to roles that may view each model)."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem, register

CANTEEN = _("Canteen")

# ---- part: menus (begin) ----
# register(CANTEEN, NavItem(...))  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
register(
    CANTEEN,
    NavItem(
        _("Samples of the meal"),
        "canteen:sample_meal",
        "canteen.FoodSample",
        daily_for=frozenset({Role.CANTEEN}),
    ),
    NavItem(
        _("Today's readings"),
        "canteen:temperature_today",
        "canteen.FridgeTemperature",
        daily_for=frozenset({Role.CANTEEN}),
    ),
    NavItem(_("Problems found in the samples"), "canteen:sampleflag_list", "canteen.SampleFlag"),
)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# register(CANTEEN, NavItem(...))  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# register(CANTEEN, NavItem(...))  (hygiene)
# ---- part: hygiene (end) ----
