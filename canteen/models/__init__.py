"""The canteen's records (食堂): one module per part, the public names here."""

# ---- part: menus (begin) ----
# from canteen.models.menus import ...  (menus)
# ---- part: menus (end) ----
# ---- part: samples (begin) ----
# from canteen.models.samples import ...  (samples)
# ---- part: samples (end) ----
# ---- part: acceptance (begin) ----
# from canteen.models.acceptance import ...  (acceptance)
# ---- part: acceptance (end) ----
# ---- part: hygiene (begin) ----
from canteen.models.hygiene import (
    AccompaniedMeal,
    DisinfectionBatch,
    DisinfectionMethod,
    HealthCertificate,
    HygieneFlag,
    MonthlyReview,
    MorningCheck,
    StaffMember,
)
from canteen.models.menus import BannedFood, Dish, MenuEntry, WeeklyMenu
from canteen.models.settings import SAMPLE_KEEP_HOURS, SAMPLE_MIN_GRAMS_FLOOR, CanteenSettings

# ---- part: hygiene (end) ----

__all__ = [
    "SAMPLE_KEEP_HOURS",
    "SAMPLE_MIN_GRAMS_FLOOR",
    "AccompaniedMeal",
    "BannedFood",
    "CanteenSettings",
    "Dish",
    "DisinfectionBatch",
    "DisinfectionMethod",
    "HealthCertificate",
    "HygieneFlag",
    "MenuEntry",
    "MonthlyReview",
    "MorningCheck",
    "StaffMember",
    "WeeklyMenu",
]
