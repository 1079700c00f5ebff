"""The canteen's records (食堂): one module per part, the public names here."""

# ---- part: menus (begin) ----
# from canteen.models.menus import ...  (menus)
# ---- part: menus (end) ----
# ---- part: samples (begin) ----
# from canteen.models.samples import ...  (samples)
# ---- part: samples (end) ----
# ---- part: acceptance (begin) ----
from canteen.models.acceptance import (
    BULK_CATEGORIES,
    CostDisclosure,
    Delivery,
    DeliveryDocument,
    DeliveryLine,
    DinerCount,
    MealIncome,
    SupplierLicenceNotice,
)
from canteen.models.menus import BannedFood, Dish, MenuEntry, WeeklyMenu
from canteen.models.settings import SAMPLE_KEEP_HOURS, SAMPLE_MIN_GRAMS_FLOOR, CanteenSettings

# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# from canteen.models.hygiene import ...  (hygiene)
# ---- part: hygiene (end) ----

__all__ = [
    "BULK_CATEGORIES",
    "SAMPLE_KEEP_HOURS",
    "SAMPLE_MIN_GRAMS_FLOOR",
    "BannedFood",
    "CanteenSettings",
    "CostDisclosure",
    "Delivery",
    "DeliveryDocument",
    "DeliveryLine",
    "DinerCount",
    "Dish",
    "MealIncome",
    "MenuEntry",
    "SupplierLicenceNotice",
    "WeeklyMenu",
]
