"""Choices of the finance module (English values, Chinese labels through the catalog)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EconomicCategory(models.TextChoices):
    """政府支出经济分类 as a school's budget uses it."""

    OFFICE = "office", _("Office expenses")
    PRINTING = "printing", _("Printing")
    UTILITIES = "utilities", _("Water and electricity")
    MAINTENANCE = "maintenance", _("Repairs and maintenance")
    MATERIALS = "materials", _("Special materials")
    OFFICE_EQUIPMENT = "office_equipment", _("Office equipment purchase")
    SPECIAL_EQUIPMENT = "special_equipment", _("Special equipment purchase")
    OTHER = "other", _("Other")


class BudgetControl(models.TextChoices):
    STOP = "stop", _("Stop when exceeded")
    WARN = "warn", _("Warn when exceeded")


class YearStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    ORDERED = "ordered", _("Ordered")
    # Their own context: "Accepted" / "Paid" mean 已受理 / 已缴 for repairs and canteen fees.
    ACCEPTED = "accepted", pgettext_lazy("purchase request", "Accepted")
    PAID = "paid", pgettext_lazy("purchase request", "Paid")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class ApprovalLevel(models.TextChoices):
    """The approval tiers, in the order a request climbs them."""

    HEAD = "head", _("Head of department")
    DIRECTOR = "director", _("General-affairs director")
    PRINCIPAL = "principal", _("Principal")
    COLLECTIVE = "collective", _("Collective decision (三重一大)")


LEVEL_ORDER = [
    ApprovalLevel.HEAD,
    ApprovalLevel.DIRECTOR,
    ApprovalLevel.PRINCIPAL,
    ApprovalLevel.COLLECTIVE,
]


class Decision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETURNED = "returned", _("Returned for changes")


class ProcurementMethod(models.TextChoices):
    DIRECT = "direct", _("Direct purchase")
    QUOTES = "quotes", _("Three quotes (询价)")
    PUBLIC = "public", _("Public procurement")


class GoodsKind(models.TextChoices):
    GOODS = "goods", _("Goods")
    SERVICES = "services", _("Services")
    WORKS = "works", _("Works")


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    OFFICIAL_CARD = "official_card", _("Official card (公务卡)")
    OTHER = "other", _("Other")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the principal")
    PUBLISHED = "published", _("Published")


class MovementKind(models.TextChoices):
    COMMIT = "commit", _("Committed")
    RELEASE = "release", _("Released")
    SPEND = "spend", _("Spent")
    ADJUST = "adjust", _("Adjusted")
