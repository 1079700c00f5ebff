"""The canteen's records (食堂): one module per part, the public names here."""

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
from canteen.models.samples import (
    FoodSample,
    FridgeTemperature,
    ReadingPeriod,
    SampleFlag,
    SampleFlagKind,
    SampleFridge,
)
from canteen.models.settings import SAMPLE_KEEP_HOURS, SAMPLE_MIN_GRAMS_FLOOR, CanteenSettings

__all__ = [
    "BULK_CATEGORIES",
    "SAMPLE_KEEP_HOURS",
    "SAMPLE_MIN_GRAMS_FLOOR",
    "AccompaniedMeal",
    "BannedFood",
    "CanteenSettings",
    "CostDisclosure",
    "Delivery",
    "DeliveryDocument",
    "DeliveryLine",
    "DinerCount",
    "Dish",
    "DisinfectionBatch",
    "DisinfectionMethod",
    "FoodSample",
    "FridgeTemperature",
    "HealthCertificate",
    "HygieneFlag",
    "MealIncome",
    "MenuEntry",
    "MonthlyReview",
    "MorningCheck",
    "ReadingPeriod",
    "SampleFlag",
    "SampleFlagKind",
    "SampleFridge",
    "StaffMember",
    "SupplierLicenceNotice",
    "WeeklyMenu",
]
