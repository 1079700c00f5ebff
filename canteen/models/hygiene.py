"""Hygiene records (issue 11, points 4–7): tableware disinfection, canteen staff and their health
certificates, the morning check (晨检), accompanied meals (陪餐), the daily checks' flags and the
monthly review meeting (月调度) recorded with its generated inspection round."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from canteen.choices import Meal
from canteen.models.common import CANTEEN_APPROVERS, CANTEEN_READERS, CANTEEN_RECORDERS
from core.access import Access
from core.choices import Role
from core.models import ArchivableModel, SchoolScopedModel

# Plausible bounds: a value outside is a typing error (1000 °C), refused rather than flagged.
MAX_TEMPERATURE_C = Decimal("300")
MAX_MINUTES = 240
MAX_CONCENTRATION = Decimal("5000")
CERTIFICATE_WARN_DAYS = 30
# 陪餐 is logged by a school leader: the principal role (deputies are given it, see docs/canteen.md).
LEADER_ROLES = frozenset({Role.PRINCIPAL})
# The safety inspection template whose rounds the monthly review meeting's record belongs to
# (created by canteen.services.hygiene.checklists_install).
REVIEW_TEMPLATE_NAME = "食堂月调度（每月食品安全调度会）"
MEAL_LOGGERS = LEADER_ROLES | CANTEEN_APPROVERS | frozenset({Role.ADMIN})


class DisinfectionMethod(SchoolScopedModel):
    """A disinfection method and its minimum parameters (data, editable; defaults seeded)."""

    name = models.CharField(_("method"), max_length=60)
    min_temperature_c = models.DecimalField(
        _("minimum temperature (°C)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_TEMPERATURE_C)],
    )
    min_seconds = models.PositiveIntegerField(
        _("minimum time (seconds)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_MINUTES * 60)],
        help_text=_("10 minutes = 600 seconds."),
    )
    min_concentration_mg_l = models.DecimalField(
        _("minimum concentration (mg/L)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_CONCENTRATION)],
    )
    is_active = models.BooleanField(_("in use"), default=True)

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_APPROVERS | frozenset({Role.ADMIN}))

    class Meta:
        verbose_name = _("disinfection method")
        verbose_name_plural = _("disinfection methods")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"], name="canteen_disinfection_method_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("canteen:disinfectionmethod_detail", args=[self.pk])

    def clean(self) -> None:
        if (
            self.min_temperature_c is None
            and self.min_seconds is None
            and self.min_concentration_mg_l is None
        ):
            raise ValidationError(
                _("Give at least one minimum: temperature, time or concentration.")
            )


class DisinfectionBatch(ArchivableModel, SchoolScopedModel):
    """One batch of tableware disinfected; below the method's minimum it is saved flagged (it
    happened: the record is the evidence) and stays open until a re-disinfection fixes it."""

    day = models.DateField(_("day"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal)
    method = models.ForeignKey(
        DisinfectionMethod,
        on_delete=models.PROTECT,
        related_name="batches",
        verbose_name=_("method"),
    )
    temperature_c = models.DecimalField(
        _("temperature (°C)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_TEMPERATURE_C)],
    )
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), default=0, validators=[MaxValueValidator(MAX_MINUTES)]
    )
    seconds = models.PositiveSmallIntegerField(
        _("seconds"), default=0, validators=[MaxValueValidator(59)]
    )
    concentration_mg_l = models.DecimalField(
        _("concentration (mg/L)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_CONCENTRATION)],
    )
    operator = models.ForeignKey(
        "canteen.StaffMember",
        on_delete=models.PROTECT,
        related_name="disinfections",
        verbose_name=_("operator"),
    )
    fixes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fixed_by",
        verbose_name=_("re-disinfection of"),
        help_text=_("The flagged batch this one disinfects again."),
    )
    below_minimum = models.BooleanField(_("below the minimum"), default=False, editable=False)
    shortfall = models.CharField(_("what fell short"), max_length=200, blank=True, editable=False)
    resolved_at = models.DateTimeField(
        _("re-disinfected at"), null=True, blank=True, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("disinfection batch")
        verbose_name_plural = _("disinfection log")
        ordering = ["-day", "meal", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(seconds__lte=59), name="canteen_disinfection_secs"),
            models.CheckConstraint(
                condition=Q(temperature_c__isnull=True) | Q(temperature_c__lte=MAX_TEMPERATURE_C),
                name="canteen_disinfection_plausible_temp",
            ),
            models.CheckConstraint(
                condition=~Q(fixes=models.F("pk")), name="canteen_disinfection_not_self"
            ),
        ]
        indexes = [models.Index(fields=["school", "day", "meal"], name="canteen_disinf_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_meal_display()} {self.method}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:disinfectionbatch_detail", args=[self.pk])

    @property
    def total_seconds(self) -> int:
        return (self.minutes or 0) * 60 + (self.seconds or 0)

    @property
    def is_open(self) -> bool:
        return self.below_minimum and self.resolved_at is None

    def shortfalls(self) -> list[str]:
        """What falls short of the method's minimum (empty: compliant)."""
        method, found = self.method, []
        if method.min_temperature_c is not None and (
            self.temperature_c is None or self.temperature_c < method.min_temperature_c
        ):
            found.append(gettext("temperature below %(t)s °C") % {"t": method.min_temperature_c})
        if method.min_seconds is not None and self.total_seconds < method.min_seconds:
            found.append(gettext("time below %(s)s seconds") % {"s": method.min_seconds})
        if method.min_concentration_mg_l is not None and (
            self.concentration_mg_l is None
            or self.concentration_mg_l < method.min_concentration_mg_l
        ):
            found.append(
                gettext("concentration below %(c)s mg/L") % {"c": method.min_concentration_mg_l}
            )
        return found

    def clean(self) -> None:
        errors: dict[str, str] = {}
        method = self.method if self.method_id else None
        if method is not None:
            if method.min_temperature_c is not None and self.temperature_c is None:
                errors["temperature_c"] = gettext("This method needs the measured temperature.")
            if method.min_concentration_mg_l is not None and self.concentration_mg_l is None:
                errors["concentration_mg_l"] = gettext("This method needs the concentration.")
            if method.min_seconds is not None and self.total_seconds == 0:
                errors["minutes"] = gettext("Give how long the tableware was disinfected.")
        if self.fixes_id:
            fixed = self.fixes
            if fixed is None or fixed.school_id != self.school_id or not fixed.below_minimum:
                errors["fixes"] = gettext(
                    "Only a batch flagged below the minimum is re-disinfected."
                )
            elif self.pk and fixed.pk == self.pk:
                errors["fixes"] = gettext("A batch cannot re-disinfect itself.")
        if errors:
            raise ValidationError(errors)


class StaffMember(ArchivableModel, SchoolScopedModel):
    """A canteen worker. A plain record, not a login: kitchen helpers often have no account; a
    worker who signs in is linked to their user."""

    name = models.CharField(_("name"), max_length=40)
    job = models.CharField(
        _("job"), max_length=40, blank=True, help_text=_("e.g. 厨师、帮厨、洗碗")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("login"),
    )
    on_duty = models.BooleanField(
        _("on duty"), default=True, help_text=_("Has the morning check every working day.")
    )

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("canteen staff member")
        verbose_name_plural = _("canteen staff")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="canteen_staff_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("canteen:staffmember_detail", args=[self.pk])


class HealthCertificate(ArchivableModel, SchoolScopedModel):
    """A health certificate (健康证); valid one year from issue unless the form says otherwise."""

    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("staff member"),
    )
    number = models.CharField(_("certificate number"), max_length=40)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(
        _("valid until"), blank=True, help_text=_("Empty: one year after issue.")
    )
    expiry_notified_at = models.DateTimeField(
        _("expiry notice sent"), null=True, blank=True, editable=False
    )

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("health certificate")
        verbose_name_plural = _("health certificates")
        ordering = ["valid_until", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="canteen_cert_unique_no"),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("issued_on")),
                name="canteen_cert_valid_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:healthcertificate_detail", args=[self.pk])

    def clean(self) -> None:
        if self.issued_on and not self.valid_until:
            self.valid_until = one_year_after(self.issued_on)
        if self.issued_on and self.valid_until and self.valid_until <= self.issued_on:
            raise ValidationError({"valid_until": gettext("Valid until must come after issue.")})

    def save(self, *args, **kwargs):
        if self.issued_on and not self.valid_until:
            self.valid_until = one_year_after(self.issued_on)
        super().save(*args, **kwargs)


def one_year_after(day: dt.date) -> dt.date:
    """Issue date + one year, the day before the anniversary (29 Feb → 28 Feb)."""
    try:
        return day.replace(year=day.year + 1) - dt.timedelta(days=1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class UnfitReason(models.TextChoices):
    FEVER = "fever", _("Fever")
    DIARRHOEA = "diarrhoea", _("Diarrhoea")
    SKIN = "skin", _("Skin wound or infection")
    THROAT = "throat", _("Sore throat")
    OTHER = "other", _("Other")


class UnfitAction(models.TextChoices):
    SENT_HOME = "sent_home", _("Sent home")
    MOVED = "moved", _("Moved off food handling")


class MorningCheck(ArchivableModel, SchoolScopedModel):
    """The morning check (晨检) of one staff member on one working day."""

    day = models.DateField(_("day"))
    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.PROTECT,
        related_name="morning_checks",
        verbose_name=_("staff member"),
    )
    fit = models.BooleanField(_("fit for work"))
    reason = models.CharField(_("reason"), max_length=12, choices=UnfitReason, blank=True)
    action = models.CharField(_("action"), max_length=12, choices=UnfitAction, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name=_("checked by"),
    )

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("morning check")
        verbose_name_plural = _("morning checks")
        ordering = ["-day", "staff__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["staff", "day"], name="canteen_morning_check_once"),
            models.CheckConstraint(
                condition=Q(fit=True, reason="", action="")
                | Q(fit=False) & ~Q(reason="") & ~Q(action=""),
                name="canteen_morning_check_unfit_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.staff}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:morningcheck_detail", args=[self.pk])

    def clean(self) -> None:
        if self.fit:
            self.reason, self.action = "", ""
            if self.staff_id and self.day and not has_valid_certificate(self.staff_id, self.day):
                raise ValidationError(
                    {
                        "fit": gettext(
                            "%(name)s has no health certificate valid on %(day)s: they cannot be "
                            "passed fit. Record them unfit (moved off food handling or sent home) "
                            "and renew the certificate."
                        )
                        % {"name": self.staff, "day": self.day}
                    }
                )
            return
        errors = {}
        if not self.reason:
            errors["reason"] = gettext("Say why the person is not fit.")
        if not self.action:
            errors["action"] = gettext("Say what was done: sent home or moved off food handling.")
        if errors:
            raise ValidationError(errors)


def has_valid_certificate(staff_id: int, day: dt.date) -> bool:
    return HealthCertificate.objects.filter(
        staff_id=staff_id, issued_on__lte=day, valid_until__gte=day, archived_at__isnull=True
    ).exists()


class MealCompanion(models.TextChoices):
    LEADER = "leader", _("School leader")
    PARENT = "parent", _("Parent")


class ProblemStatus(models.TextChoices):
    NONE = "none", _("No problem")
    OPEN = "open", _("Problem open")
    RESOLVED = "resolved", _("Dealt with")


class AccompaniedMeal(ArchivableModel, SchoolScopedModel):
    """A meal eaten with the students (陪餐) by a school leader or a parent; a problem found stays
    open until the canteen records how it was dealt with (canteen.workflow)."""

    day = models.DateField(_("day"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal)
    kind = models.CharField(
        _("who ate"), max_length=8, choices=MealCompanion, default=MealCompanion.LEADER
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school leader"),
    )
    parent_name = models.CharField(_("parent's name"), max_length=40, blank=True)
    taste = models.CharField(_("taste"), max_length=200, blank=True)
    hygiene = models.CharField(_("hygiene"), max_length=200, blank=True)
    portion = models.CharField(_("portion"), max_length=200, blank=True)
    problems = models.TextField(_("problems found"), blank=True)
    status = models.CharField(
        _("problem status"),
        max_length=10,
        choices=ProblemStatus,
        default=ProblemStatus.NONE,
        editable=False,
    )
    resolution = models.TextField(_("how it was dealt with"), blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("dealt with by"),
    )
    resolved_at = models.DateTimeField(_("dealt with at"), null=True, blank=True, editable=False)

    access = Access(
        view=CANTEEN_READERS,
        manage=MEAL_LOGGERS,
        extra_actions={"resolve": CANTEEN_APPROVERS},
    )

    class Meta:
        verbose_name = _("accompanied meal")
        verbose_name_plural = _("accompanied meals (陪餐)")
        ordering = ["-day", "meal", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="leader", leader__isnull=False)
                | Q(kind="parent") & ~Q(parent_name=""),
                name="canteen_meal_companion_named",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | ~Q(resolution=""),
                name="canteen_meal_resolution_given",
            ),
        ]
        indexes = [models.Index(fields=["school", "day", "meal"], name="canteen_meal_day")]

    def __str__(self) -> str:
        who = self.parent_name if self.kind == MealCompanion.PARENT else str(self.leader or "")
        return f"{self.day} {self.get_meal_display()} {who}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:accompaniedmeal_detail", args=[self.pk])

    def clean(self) -> None:
        if self.kind == MealCompanion.PARENT:
            if not self.parent_name.strip():
                raise ValidationError({"parent_name": gettext("Give the parent's name.")})
            self.leader = None
            return
        self.parent_name = ""
        if self.leader_id is None:
            raise ValidationError({"leader": gettext("Choose the school leader who ate.")})
        leader = self.leader
        if leader is None or not leader.role_codes & LEADER_ROLES:
            raise ValidationError(
                {"leader": gettext("Only a school leader (the principal role) logs 陪餐.")}
            )

    def save(self, *args, **kwargs):
        # A problem typed opens the record; one cleared before it was dealt with closes it.
        if self.status != ProblemStatus.RESOLVED:
            self.status = ProblemStatus.OPEN if self.problems.strip() else ProblemStatus.NONE
        super().save(*args, **kwargs)


class FlagKind(models.TextChoices):
    NO_DISINFECTION = "no_disinfection", _("No disinfection record for a meal served")
    NO_LEADER_MEAL = "no_leader_meal", _("No school leader ate with the students (陪餐)")


class HygieneFlag(SchoolScopedModel):
    """A missing record found by the daily check: one row per school, day, meal and kind (the
    unique constraint makes a second run a no-op; the notice is sent once)."""

    day = models.DateField(_("day"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal)
    kind = models.CharField(_("missing"), max_length=20, choices=FlagKind)
    notified_at = models.DateTimeField(_("notice sent"), null=True, blank=True, editable=False)

    access = Access(view=CANTEEN_READERS, manage=frozenset())

    class Meta:
        verbose_name = _("missing canteen record")
        verbose_name_plural = _("missing canteen records")
        ordering = ["-day", "meal", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "day", "meal", "kind"], name="canteen_hygiene_flag_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_meal_display()} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("canteen:hygieneflag_detail", args=[self.pk])


class MonthlyReview(ArchivableModel, SchoolScopedModel):
    """The monthly food-safety review meeting (月调度) held for a generated round of the canteen's
    monthly review checklist: the checklist's pass/fail items cannot hold its minute."""

    task = models.OneToOneField(
        "safety.InspectionTask",
        on_delete=models.PROTECT,
        related_name="canteen_review",
        verbose_name=_("inspection round"),
    )
    held_on = models.DateField(_("held on"))
    attendees = models.TextField(_("attendees"))
    risks = models.TextField(_("risks found"))
    measures = models.TextField(_("measures decided"))

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_APPROVERS | frozenset({Role.ADMIN}))

    class Meta:
        verbose_name = _("monthly review meeting")
        verbose_name_plural = _("monthly review meetings")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return str(_("Monthly review of %(day)s") % {"day": self.held_on})

    def get_absolute_url(self) -> str:
        return reverse("canteen:monthlyreview_detail", args=[self.pk])

    def clean(self) -> None:
        task = self.task if self.task_id else None
        if task is not None and (
            task.school_id != self.school_id or task.template.name != REVIEW_TEMPLATE_NAME
        ):
            raise ValidationError(
                {"task": gettext("Choose a round of the canteen's monthly review checklist.")}
            )
