"""The three-year plan (三年规划): areas, goals, KPIs with their values and monthly snapshots,
milestones, and the revisions recorded once a plan is approved.

Every row below the plan carries the plan itself (``plan``), so one rule reads them all: the
plan's writers (director, principal) read every plan of their school, drafts included; everyone
else of the school, and the district, reads only approved plans.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, Access
from core.choices import Role
from core.models import SchoolScopedModel
from planning.choices_plans import Direction, KpiKind, KpiWindow, PlanStatus

PLAN_WRITERS = frozenset({Role.DIRECTOR, Role.PRINCIPAL})
PLAN_APPROVERS = frozenset({Role.PRINCIPAL})
# The admin reads drafts too (support); every other role of the school reads approved plans.
PLAN_FULL_READERS = frozenset({Role.ADMIN})
PLAN_OTHERS = ALL_ROLES - PLAN_WRITERS - PLAN_FULL_READERS


def _approved_plan(user) -> Q:
    return Q(status=PlanStatus.APPROVED)


def _of_approved_plan(user) -> Q:
    return Q(plan__status=PlanStatus.APPROVED)


PLAN_ACCESS = Access(
    view=PLAN_FULL_READERS,
    manage=PLAN_WRITERS,
    own=PLAN_OTHERS,
    own_rows=_approved_plan,
    extra_actions={"submit": PLAN_WRITERS, "approve": PLAN_APPROVERS},
)
PART_ACCESS = Access(
    view=PLAN_FULL_READERS, manage=PLAN_WRITERS, own=PLAN_OTHERS, own_rows=_of_approved_plan
)
USER = settings.AUTH_USER_MODEL


def _person(label: Any, **extra) -> models.ForeignKey:
    return models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
        **extra,
    )


class Plan(SchoolScopedModel):
    """A three-year plan: school years first_year/first_year+1 to first_year+2/first_year+3."""

    title = models.CharField(_("title"), max_length=120)
    first_year = models.PositiveSmallIntegerField(
        _("first school year"),
        help_text=_("The year the first school year starts in (2025 for 2025–2026)."),
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus, default=PlanStatus.DRAFT
    )
    submitted_by = _person(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = _person(_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_note = models.CharField(_("returned with the comment"), max_length=300, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)

    access = PLAN_ACCESS

    class Meta:
        verbose_name = _("three-year plan")
        verbose_name_plural = _("three-year plans")
        ordering = ["-first_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "first_year"], name="planning_plan_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=2000, first_year__lte=2100),
                name="planning_plan_year_plausible",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:plan_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.first_year}–{self.first_year + 3}"

    @property
    def years(self) -> list[str]:
        """The three school years' labels ("2025–2026", ...)."""
        return [f"{y}–{y + 1}" for y in range(self.first_year, self.first_year + 3)]

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.first_year, 9, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.first_year + 3, 8, 31)

    def year_index(self, day: dt.date) -> int:
        """0, 1 or 2: the plan year `day` falls in (before the plan: 0, after it: 2)."""
        school_year = day.year if day.month >= 9 else day.year - 1
        return min(max(school_year - self.first_year, 0), 2)


class PlanArea(SchoolScopedModel):
    """An area of the plan (制度建设, 信息化, 安全 ...)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="areas", verbose_name=_("three-year plan")
    )
    name = models.CharField(_("area"), max_length=40)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    access = PART_ACCESS

    class Meta:
        verbose_name = _("plan area")
        verbose_name_plural = _("plan areas")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="planning_area_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url() + f"#area-{self.pk}"


class Goal(SchoolScopedModel):
    """A goal of an area: what is aimed at each year, how (measures), who and the evidence."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("three-year plan")
    )
    area = models.ForeignKey(
        PlanArea, on_delete=models.CASCADE, related_name="goals", verbose_name=_("area")
    )
    title = models.CharField(_("goal"), max_length=200)
    target_year1 = models.CharField(_("target of the first year"), max_length=300, blank=True)
    target_year2 = models.CharField(_("target of the second year"), max_length=300, blank=True)
    target_year3 = models.CharField(_("target of the third year"), max_length=300, blank=True)
    measures = models.TextField(_("measures"), blank=True)
    owner = _person(_("owner"))
    evidence_expected = models.CharField(_("evidence expected"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    access = PART_ACCESS

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["plan", "area__position", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url() + f"#goal-{self.pk}"

    @property
    def targets(self) -> list[str]:
        return [self.target_year1, self.target_year2, self.target_year3]


class Kpi(SchoolScopedModel):
    """A goal's indicator: a registry metric (core.metrics) read with its window, or a manual
    value entered with evidence. Progress = (current − baseline) / (target − baseline)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("three-year plan")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="kpis", verbose_name=_("goal")
    )
    name = models.CharField(_("indicator"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=KpiKind, default=KpiKind.METRIC)
    metric_key = models.CharField(_("metric"), max_length=80, blank=True)
    window = models.CharField(
        _("read over"), max_length=16, choices=KpiWindow, default=KpiWindow.MONTH
    )
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    target_year1 = models.DecimalField(_("target, first year"), max_digits=12, decimal_places=2)
    target_year2 = models.DecimalField(_("target, second year"), max_digits=12, decimal_places=2)
    target_year3 = models.DecimalField(_("target, third year"), max_digits=12, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    access = PART_ACCESS

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["plan", "goal", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=KpiKind.MANUAL, metric_key="")
                | (Q(kind=KpiKind.METRIC) & ~Q(metric_key="")),
                name="planning_kpi_metric_key_iff_metric",
            ),
            models.CheckConstraint(
                condition=(
                    Q(direction=Direction.HIGHER)
                    & Q(target_year1__gt=models.F("baseline"))
                    & Q(target_year2__gt=models.F("baseline"))
                    & Q(target_year3__gt=models.F("baseline"))
                )
                | (
                    Q(direction=Direction.LOWER)
                    & Q(target_year1__lt=models.F("baseline"))
                    & Q(target_year2__lt=models.F("baseline"))
                    & Q(target_year3__lt=models.F("baseline"))
                ),
                name="planning_kpi_targets_beyond_baseline",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url() + f"#kpi-{self.pk}"

    @property
    def targets(self) -> list:
        return [self.target_year1, self.target_year2, self.target_year3]


def _evidence_path(instance: KpiValue, filename: str) -> str:
    return f"planning/evidence/{instance.school_id}/{filename}"


class KpiValue(SchoolScopedModel):
    """A manual KPI's value on a day, with its evidence (a file or a link) and who entered it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="values", verbose_name=_("KPI")
    )
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    evidence_file = models.FileField(_("evidence file"), upload_to=_evidence_path, blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )

    access = PART_ACCESS

    class Meta:
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        ordering = ["kpi", "-measured_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(evidence_file="") | ~Q(evidence_link=""),
                name="planning_kpivalue_has_evidence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.measured_on}: {self.value}"

    def get_absolute_url(self) -> str:
        return self.kpi.get_absolute_url()


class KpiSnapshot(SchoolScopedModel):
    """A KPI's value at the end of a month, kept so the plan's history does not move when the
    records it was read from change later. ``value`` None: no data that month."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("KPI")
    )
    month = models.DateField(_("month"))  # its first day
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True)

    access = PART_ACCESS

    class Meta:
        verbose_name = _("KPI snapshot")
        verbose_name_plural = _("KPI snapshots")
        ordering = ["kpi", "month"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "month"], name="planning_snapshot_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="planning_snapshot_month"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.month:%Y-%m}"

    def get_absolute_url(self) -> str:
        return self.kpi.get_absolute_url()


class Milestone(SchoolScopedModel):
    """A dated step of a goal; overdue ones are announced once (``notified_at``)."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("three-year plan")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("goal")
    )
    title = models.CharField(_("milestone"), max_length=200)
    due = models.DateField(_("due"))
    owner = _person(_("owner"))
    evidence_expected = models.CharField(_("evidence expected"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = _person(_("done by"))
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    notified_at = models.DateTimeField(_("overdue notice sent at"), null=True, blank=True)

    access = PART_ACCESS

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["plan", "due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_at__isnull=True) | ~Q(evidence=""),
                name="planning_milestone_done_with_evidence",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url() + f"#milestone-{self.pk}"

    @property
    def done(self) -> bool:
        return self.done_at is not None

    def overdue_on(self, day: dt.date) -> bool:
        return self.done_at is None and self.due < day


class PlanRevision(SchoolScopedModel):
    """A change of an approved plan: who, when, why and what (field: [before, after])."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("three-year plan")
    )
    number = models.PositiveIntegerField(_("revision"))
    actor = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    reason = models.CharField(_("reason"), max_length=300)
    what = models.CharField(_("what changed"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict)

    access = PART_ACCESS

    class Meta:
        verbose_name = _("plan revision")
        verbose_name_plural = _("plan revisions")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planning_revision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} r{self.number}"

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url() + "#revisions"
