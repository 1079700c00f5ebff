"""The canteen entries of the menu (shown to roles that may view each model)."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role  # noqa: F401
from core.navigation import NavItem, register  # noqa: F401

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
# register(CANTEEN, NavItem(...))  (hygiene)
# ---- part: hygiene (end) ----
