from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    ELECTRICAL = "electrical", _("Electrical")
    PLUMBING = "plumbing", _("Plumbing")
    FURNITURE = "furniture", _("Furniture")
    DOORS_WINDOWS = "doors_windows", _("Doors & windows")
    IT_AV = "it_av", _("IT / audio-visual")
    BUILDING = "building", pgettext_lazy("repair category", "Building structure")
    OTHER = "other", _("Other")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", pgettext_lazy("repair status", "In progress")
    DONE = "done", pgettext_lazy("repair status", "Done")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")
    REOPENED = "reopened", _("Reopened")


# Statuses in which nobody has to do anything any more.
CLOSED = frozenset({Status.CONFIRMED, Status.REJECTED, Status.DUPLICATE})
# Statuses in which the work is still to be finished (the finish SLA runs).
OPEN_WORK = frozenset(
    {Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED}
)


class PhotoKind(models.TextChoices):
    REPORT = "report", pgettext_lazy("repair photo", "With the report")
    BEFORE = "before", _("Before repair")
    AFTER = "after", _("After repair")


class Source(models.TextChoices):
    WEB = "web", _("Web form")
    QR = "qr", _("QR scan")
    PHONE = "phone", _("Phone call")
    API = "api", _("API")
    SAFETY = "safety", _("Safety hazard")
