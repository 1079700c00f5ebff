"""Hazards (隐患) found on rounds or reported, and their handling."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, READERS, Access
from core.choices import Role
from core.fields import PhotoField
from core.models import Building, Room, SchoolScopedModel, User
from safety.choices import (
    HazardStatus,
    Severity,
)
from safety.models.common import BOSSES, OFFICE
from safety.models.rounds import InspectionAnswer


def _involved_in(user) -> Q:
    return Q(found_by=user) | Q(responsible=user) | Q(handler=user)


class Hazard(SchoolScopedModel):
    """隐患: found → reported → handled → accepted; accepted by someone other than the handler."""

    description = models.TextField(_("what is wrong"))
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity, default=Severity.GENERAL
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room"),
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("building"),
    )
    location_note = models.CharField(_("where exactly"), max_length=200, blank=True)
    photo = PhotoField(_("photo when found"), upload_to="safety/hazards/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=HazardStatus, default=HazardStatus.FOUND
    )
    found_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("found by")
    )
    source_answer = models.OneToOneField(
        InspectionAnswer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazard",
        verbose_name=_("from inspection item"),
    )
    responsible = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    handler = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handling_note = models.TextField(_("what was done"), blank=True)
    handling_photo = PhotoField(
        _("photo after handling"), upload_to="safety/hazards/%Y/%m/", blank=True
    )
    accepted_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # Handling may open a repair request; the repairs side reads it back as `request.hazards`.
    repair_request = models.ForeignKey(
        "repairs.RepairRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("repair request"),
    )
    # A defective fire-equipment check opens the hazard; further defective checks join it.
    source_equipment = models.ForeignKey(
        "safety.FireEquipment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name=_("from fire equipment"),
    )

    access = Access(
        view=READERS,
        manage=BOSSES,
        own=ALL_ROLES,
        own_rows=_involved_in,
        extra_actions={
            "report": ALL_ROLES - {Role.DISTRICT},
            "assign": BOSSES,
            "handle": OFFICE | {Role.WORKER, Role.TEACHER, Role.CANTEEN},
            "accept": BOSSES,
        },
    )

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["-severity", "deadline", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_equipment"],
                condition=Q(source_equipment__isnull=False) & ~Q(status="accepted"),
                name="safety_hazard_one_open_per_equipment",
            ),
            models.CheckConstraint(
                condition=Q(accepted_by__isnull=True) | ~Q(accepted_by=F("handler")),
                name="safety_hazard_acceptor_not_handler",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["handled", "accepted"])
                | Q(handler__isnull=False, handled_at__isnull=False),
                name="safety_hazard_handled_has_handler",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted")
                | Q(accepted_by__isnull=False, accepted_at__isnull=False),
                name="safety_hazard_accepted_has_acceptor",
            ),
            models.CheckConstraint(
                condition=Q(status__in=HazardStatus.values), name="safety_hazard_status_known"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=Severity.values), name="safety_hazard_severity_known"
            ),
        ]
        indexes = [models.Index(fields=["school", "status"], name="safety_hazard_open")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.description[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("safety:hazard_detail", args=[self.pk])

    @property
    def place(self):
        return self.room or self.building

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != HazardStatus.ACCEPTED
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )
