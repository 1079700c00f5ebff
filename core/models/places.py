"""The school's places (campuses, buildings, rooms) and its classes."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, MANAGERS, Access
from core.choices import Role, RoomType
from core.models.base import ArchivableModel, SchoolScopedModel
from core.models.people import User


class Campus(ArchivableModel, SchoolScopedModel):
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)

    access = Access(view=ALL_ROLES, manage=MANAGERS)

    class Meta:
        verbose_name = _("campus")
        verbose_name_plural = _("campuses")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="core_campus_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:campus_detail", args=[self.pk])


class Building(ArchivableModel, SchoolScopedModel):
    campus = models.ForeignKey(
        Campus, on_delete=models.PROTECT, related_name="buildings", verbose_name=_("campus")
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("code"), max_length=20)
    floors = models.PositiveSmallIntegerField(_("floors above ground"), default=1)
    year_built = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)

    access = Access(view=ALL_ROLES, manage=MANAGERS)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["campus__name", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "code"], name="core_building_unique_code"),
            models.CheckConstraint(
                condition=Q(floors__gte=1) & Q(floors__lte=100), name="core_building_floors_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:building_detail", args=[self.pk])


class Room(ArchivableModel, SchoolScopedModel):
    building = models.ForeignKey(
        Building, on_delete=models.PROTECT, related_name="rooms", verbose_name=_("building")
    )
    code = models.CharField(_("room number"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    floor = models.SmallIntegerField(_("floor"), default=1)
    room_type = models.CharField(
        _("room type"), max_length=20, choices=RoomType, default=RoomType.CLASSROOM
    )
    area = models.DecimalField(
        _("area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # Printed on labels that stay on walls for years: never regenerated, never reused.
    qr_token = models.UUIDField(_("QR label code"), default=uuid.uuid4, unique=True, editable=False)

    access = Access(view=ALL_ROLES, manage=MANAGERS)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["building__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["building", "code"], name="core_room_unique_code"),
            models.CheckConstraint(
                condition=Q(floor__gte=-5) & Q(floor__lte=100), name="core_room_floor_range"
            ),
            models.CheckConstraint(condition=Q(area__gte=0), name="core_room_area_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("core:room_detail", args=[self.pk])

    def get_qr_path(self) -> str:
        return reverse("core:room_qr_scan", args=[self.qr_token])


class SchoolClass(ArchivableModel, SchoolScopedModel):
    grade = models.PositiveSmallIntegerField(_("grade"))
    number = models.PositiveSmallIntegerField(_("class number"))
    homeroom_teacher = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="homeroom_classes",
        verbose_name=_("homeroom teacher"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classes",
        verbose_name=_("classroom"),
    )

    access = Access(view=ALL_ROLES, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "grade", "number"], name="core_schoolclass_unique"
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1) & Q(grade__lte=12), name="core_schoolclass_grade_range"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=99), name="core_schoolclass_number_range"
            ),
        ]

    def __str__(self) -> str:
        return _("Grade %(grade)s Class %(number)s") % {"grade": self.grade, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("core:schoolclass_detail", args=[self.pk])
