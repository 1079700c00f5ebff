"""Registers: fire equipment (消防器材), their checks, and drills (演练)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import READERS, Access
from core.fields import PhotoField
from core.models import ArchivableModel, Building, Room, SchoolScopedModel, User
from safety.choices import (
    AgentType,
    CheckResult,
    DrillStatus,
    DrillType,
    EquipmentKind,
)
from safety.models.common import OFFICE


class FireEquipment(ArchivableModel, SchoolScopedModel):
    kind = models.CharField(
        _("kind"), max_length=15, choices=EquipmentKind, default=EquipmentKind.EXTINGUISHER
    )
    code = models.CharField(_("number"), max_length=30)
    agent = models.CharField(_("type"), max_length=15, choices=AgentType)
    capacity = models.CharField(_("capacity"), max_length=20, help_text=_("e.g. 4 kg, 25 m hose"))
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="+", verbose_name=_("location")
    )
    production_date = models.DateField(_("production date"))
    last_checked_on = models.DateField(_("last checked on"), null=True, blank=True)
    next_service_date = models.DateField(_("next service date"))
    expiry_date = models.DateField(_("expiry date"))

    access = Access(view=READERS, manage=OFFICE)

    class Meta:
        verbose_name = _("fire equipment")
        verbose_name_plural = _("fire equipment")
        ordering = ["next_service_date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="safety_equipment_unique_code"),
            models.CheckConstraint(
                condition=Q(expiry_date__gt=F("production_date")),
                name="safety_equipment_expiry_after_production",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_agent_display()} {self.capacity}"

    def get_absolute_url(self) -> str:
        return reverse("safety:fireequipment_detail", args=[self.pk])


class FireCheck(SchoolScopedModel):
    """One monthly check of one piece of fire equipment; the service updates its dates."""

    equipment = models.ForeignKey(
        FireEquipment, on_delete=models.PROTECT, related_name="checks", verbose_name=_("equipment")
    )
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    result = models.CharField(_("result"), max_length=10, choices=CheckResult)
    serviced = models.BooleanField(_("serviced / refilled"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    access = Access(view=READERS, manage=frozenset())

    class Meta:
        verbose_name = _("fire equipment check")
        verbose_name_plural = _("fire equipment checks")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.equipment} {self.checked_on}"


class Drill(SchoolScopedModel):
    """应急演练, planned then held; the evacuation time is what the 2-minute rule reads."""

    drill_type = models.CharField(_("type"), max_length=12, choices=DrillType)
    title = models.CharField(_("title"), max_length=100)
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=DrillStatus, default=DrillStatus.PLANNED
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("building evacuated"),
    )
    participants = models.PositiveIntegerField(_("participants"), default=0)
    evacuation_seconds = models.PositiveIntegerField(
        _("evacuation time (seconds)"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    photo = PhotoField(_("photo"), upload_to="safety/drills/%Y/%m/", blank=True)

    access = Access(view=READERS, manage=OFFICE)

    class Meta:
        verbose_name = _("emergency drill")
        verbose_name_plural = _("emergency drills")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evacuation_seconds__isnull=True) | Q(evacuation_seconds__gt=0),
                name="safety_drill_evacuation_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("safety:drill_detail", args=[self.pk])

    @property
    def too_slow(self) -> bool:
        return bool(
            self.evacuation_seconds
            and self.building
            and self.building.floors <= 4
            and self.evacuation_seconds > 120
        )
