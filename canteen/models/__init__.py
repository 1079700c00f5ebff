"""The canteen's records (食堂): one module per part, the public names here."""

from canteen.models.menus import BannedFood, Dish, MenuEntry, WeeklyMenu
from canteen.models.settings import SAMPLE_KEEP_HOURS, SAMPLE_MIN_GRAMS_FLOOR, CanteenSettings

__all__ = [
    "SAMPLE_KEEP_HOURS",
    "SAMPLE_MIN_GRAMS_FLOOR",
    "BannedFood",
    "CanteenSettings",
    "Dish",
    "MenuEntry",
    "WeeklyMenu",
]
