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
# from canteen.models.acceptance import ...  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# from canteen.models.hygiene import ...  (hygiene)
# ---- part: hygiene (end) ----

__all__ = [
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
]
