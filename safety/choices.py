from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly, on a weekday")
    MONTHLY = "monthly", _("Monthly, on a day")
    TERM = "term", _("Per term (start / middle / end)")
    HOURLY = "hourly", _("Every N hours while in use")


class TermPoint(models.TextChoices):
    START = "start", _("Start of term")
    MIDDLE = "middle", _("Middle of term")
    END = "end", _("End of term")


class PlaceScope(models.TextChoices):
    ROOMS = "rooms", _("Chosen rooms")
    BUILDINGS = "buildings", _("Chosen buildings")
    ROOM_TYPES = "room_types", _("Rooms of the chosen types")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Completed")


class Result(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


class Severity(models.IntegerChoices):
    GENERAL = 1, _("General")
    MAJOR = 2, _("Major")
    SERIOUS = 3, _("Serious")


class HazardStatus(models.TextChoices):
    # Contexts: the same English words mean other things in stocktakes and repairs.
    FOUND = "found", pgettext_lazy("hazard status", "Found")
    REPORTED = "reported", pgettext_lazy("hazard status", "Reported")
    HANDLED = "handled", pgettext_lazy("hazard status", "Handled")
    ACCEPTED = "accepted", pgettext_lazy("hazard status", "Accepted")


class EquipmentKind(models.TextChoices):
    EXTINGUISHER = "extinguisher", _("Fire extinguisher")
    HYDRANT = "hydrant", _("Indoor hydrant")


class AgentType(models.TextChoices):
    DRY_POWDER = "abc_powder", _("ABC dry powder")
    CO2 = "co2", _("Carbon dioxide")
    WATER = "water", _("Water-based")
    FOAM = "foam", _("Foam")
    WATER_SUPPLY = "water_supply", _("Water supply (hydrant)")


class CheckResult(models.TextChoices):
    OK = "ok", _("In order")
    DEFECTIVE = "defective", _("Defective")


class DrillType(models.TextChoices):
    FIRE = "fire", _("Fire evacuation")
    EARTHQUAKE = "earthquake", _("Earthquake evacuation")
    INTRUDER = "intruder", _("Intruder (anti-terror)")
    FLOOD = "flood", _("Flood / typhoon")
    OTHER = "other", _("Other")


class DrillStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
