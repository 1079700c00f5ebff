"""Choices of the plans part (三年规划): a plan's status, a KPI's kind and window, a goal's state."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")


class KpiKind(models.TextChoices):
    METRIC = "metric", _("Read from Zongwu's records")
    MANUAL = "manual", _("Entered with evidence")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class KpiWindow(models.TextChoices):
    """Over which time a metric KPI is read (its parameter)."""

    MONTH = "month", _("The month")
    TWELVE_MONTHS = "twelve_months", _("The last twelve months")
    SCHOOL_YEAR = "school_year", _("The school year so far")


class GoalState(models.TextChoices):
    """Derived from a goal's milestones and KPIs, never stored or chosen."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DONE = "done", _("Done")


# The areas a general-affairs plan usually has (suggested in the form; any name may be used).
SUGGESTED_AREAS = ["制度建设", "信息化", "服务质量", "安全", "食堂", "资产"]
