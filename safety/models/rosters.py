"""The gate log of visitors (访客登记) and duty rosters (值班表)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, READERS, Access
from core.models import Holiday, SchoolScopedModel, User
from safety.models.common import BOSSES, OFFICE

id_last4_validator = RegexValidator(
    r"^[0-9]{3}[0-9X]$", _("Enter only the last 4 characters of the ID card (digits or X).")
)


class Visitor(SchoolScopedModel):
    """来访登记 at the gate: only the last 4 characters of the ID are kept (data minimisation)."""

    name = models.CharField(_("visitor's name"), max_length=50)
    id_last4 = models.CharField(_("ID card, last 4"), max_length=4, validators=[id_last4_validator])
    unit = models.CharField(_("from (unit)"), max_length=100, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    host = models.CharField(_("visiting"), max_length=50)
    time_in = models.DateTimeField(_("time in"), default=timezone.now)
    time_out = models.DateTimeField(_("time out"), null=True, blank=True)

    access = Access(view=READERS, manage=OFFICE)

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitor log")
        ordering = ["-time_in", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_out__isnull=True) | Q(time_out__gte=F("time_in")),
                name="safety_visitor_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {timezone.localtime(self.time_in):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("safety:visitor_detail", args=[self.pk])


class DutyRoster(SchoolScopedModel):
    """值班表 of one holiday."""

    name = models.CharField(_("name"), max_length=100)
    holiday = models.ForeignKey(
        Holiday,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("holiday"),
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    leader_phone = models.CharField(_("duty phone"), max_length=30, blank=True)

    access = Access(view=ALL_ROLES, manage=BOSSES)

    class Meta:
        verbose_name = _("duty roster")
        verbose_name_plural = _("duty rosters")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="safety_roster_unique_name"),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="safety_roster_end_not_before_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("safety:dutyroster_detail", args=[self.pk])


class DutyShift(SchoolScopedModel):
    roster = models.ForeignKey(
        DutyRoster, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("roster")
    )
    date = models.DateField(_("date"))
    person = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("on duty")
    )
    is_leader = models.BooleanField(_("leader on duty"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    access = Access(view=ALL_ROLES, manage=BOSSES)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["date", "-is_leader", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["roster", "date", "person"], name="safety_shift_unique_person_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("safety:dutyshift_detail", args=[self.pk])
