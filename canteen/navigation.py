"""The canteen entries of the menu (shown to roles that may view each model)."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem, register

CANTEEN = _("Canteen")

# ---- part: menus (begin) ----
from core import navigation as _navigation  # noqa: E402

# One group "Canteen" for every part: entries are added to it (navigation.add), not a new group.
_TEACHERS = frozenset({Role.TEACHER, Role.WORKER})  # they read only the published menu
for _item in (
    NavItem(
        _("Weekly menus"),
        "canteen:weeklymenu_list",
        "canteen.WeeklyMenu",
        daily_for=frozenset({Role.CANTEEN, Role.CANTEEN_MANAGER}),
    ),
    NavItem(_("Dish library"), "canteen:dish_list", "canteen.Dish"),
    NavItem(_("Banned foods"), "canteen:bannedfood_list", "canteen.BannedFood"),
    NavItem(
        _("Canteen menu"),
        "canteen:menu_mine",
        "",
        daily_for=frozenset({Role.TEACHER}),
        roles=_TEACHERS,
    ),
    NavItem(
        _("Monthly records for the inspector"),
        "canteen:inspection_pdf",
        "canteen.WeeklyMenu",
        roles=frozenset(
            {Role.DIRECTOR, Role.CANTEEN_MANAGER, Role.PRINCIPAL, Role.DISTRICT, Role.ADMIN}
        ),
    ),
    NavItem(_("Canteen settings"), "canteen:settings", "canteen.CanteenSettings"),
):
    _navigation.add(CANTEEN, _item)
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
    NavItem(_("Missing canteen records"), "canteen:hygieneflag_list", "canteen.HygieneFlag"),
)
# ---- part: hygiene (end) ----
