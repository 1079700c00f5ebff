"""The canteen entries of the menu (shown to roles that may view each model)."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem, register  # noqa: F401

CANTEEN = _("Canteen")

# ---- part: menus (begin) ----
# register(CANTEEN, NavItem(...))  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# register(CANTEEN, NavItem(...))  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
from core.navigation import add as _add  # noqa: E402

_add(
    CANTEEN,
    NavItem(
        _("Deliveries"),
        "canteen:delivery_list",
        "canteen.Delivery",
        daily_for=frozenset({Role.CANTEEN, Role.CANTEEN_MANAGER}),
    ),
)
_add(CANTEEN, NavItem(_("Acceptance ledger"), "canteen:deliveryline_list", "canteen.DeliveryLine"))
_add(CANTEEN, NavItem(_("Meal costs"), "canteen:month_costs", "canteen.CostDisclosure"))
_add(
    CANTEEN,
    NavItem(_("Meal-cost disclosures"), "canteen:costdisclosure_list", "canteen.CostDisclosure"),
)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# register(CANTEEN, NavItem(...))  (hygiene)
# ---- part: hygiene (end) ----
