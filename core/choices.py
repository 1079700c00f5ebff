from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    LOGISTICS = "logistics", _("Logistics staff")
    WORKER = "worker", _("Repair worker")
    CANTEEN = "canteen", _("Canteen staff")
    CANTEEN_MANAGER = "canteen_manager", _("Canteen manager")
    DIRECTOR = "director", _("General-affairs director")
    PRINCIPAL = "principal", _("Principal")
    ADMIN = "admin", _("Administrator")
    DISTRICT = "district", _("District viewer")


class SchoolKind(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary school")
    SENIOR = "senior", _("Senior secondary school")
    NINE_YEAR = "nine_year", _("Nine-year school")
    KINDERGARTEN = "kindergarten", _("Kindergarten")


class RoomType(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    OFFICE = "office", _("Office")
    LAB = "lab", _("Laboratory")
    CANTEEN = "canteen", _("Canteen")
    DORMITORY = "dormitory", _("Dormitory")
    PLAYGROUND = "playground", _("Playground")
    GYM = "gym", _("Gymnasium")
    LIBRARY = "library", _("Library")
    STORAGE = "storage", _("Storeroom")
    TOILET = "toilet", _("Toilet")
    CORRIDOR = "corridor", _("Corridor / stairs")
    OTHER = "other", _("Other")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class HolidayKind(models.TextChoices):
    """A calendar entry either closes days (放假) or opens a weekend day for work (调休上班)."""

    HOLIDAY = "holiday", _("Holiday (no work)")
    MAKE_UP = "make_up", _("Make-up working day")
