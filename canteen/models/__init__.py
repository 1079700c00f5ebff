"""The canteen's records (食堂): one module per part, the public names here."""

from canteen.models.menus import BannedFood, Dish, MenuEntry, WeeklyMenu

# ---- part: menus (begin) ----
# (Dish, BannedFood, WeeklyMenu, MenuEntry are imported above; no new model.)
# ---- part: menus (end) ----
# ---- part: samples (begin) ----
from canteen.models.samples import (
    FoodSample,
    FridgeTemperature,
    ReadingPeriod,
    SampleFlag,
    SampleFlagKind,
    SampleFridge,
)
from canteen.models.settings import SAMPLE_KEEP_HOURS, SAMPLE_MIN_GRAMS_FLOOR, CanteenSettings

# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
# isort: off
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

# isort: on
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# from canteen.models.hygiene import ...  (hygiene)
# ---- part: hygiene (end) ----

__all__ = [  # noqa: RUF022  (each part appends its names at the end: branches merge)
    "SAMPLE_KEEP_HOURS",
    "SAMPLE_MIN_GRAMS_FLOOR",
    "BannedFood",
    "CanteenSettings",
    "Dish",
    "FoodSample",
    "FridgeTemperature",
    "MenuEntry",
    "ReadingPeriod",
    "SampleFlag",
    "SampleFlagKind",
    "SampleFridge",
    "WeeklyMenu",
    "BULK_CATEGORIES",
    "CostDisclosure",
    "Delivery",
    "DeliveryDocument",
    "DeliveryLine",
    "DinerCount",
    "MealIncome",
    "SupplierLicenceNotice",
]
