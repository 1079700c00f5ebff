"""People of a school: users, their roles, departments."""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import ALL_ROLES, Access
from core.choices import Role
from core.models.base import ArchivableModel, School, SchoolScopedModel


class User(AbstractUser):
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("school"),
    )
    # A district viewer reads several schools; everybody else has exactly one (`school`).
    district_schools = models.ManyToManyField(
        School, blank=True, related_name="district_viewers", verbose_name=_("district schools")
    )
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("department"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects: ClassVar[UserManager[Self]] = UserManager()

    access = Access(
        view=frozenset({Role.ADMIN, Role.DIRECTOR, Role.PRINCIPAL}), manage=frozenset({Role.ADMIN})
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names are written family name first, without a space.
        return f"{self.last_name}{self.first_name}".strip()

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if not self.pk:
            return frozenset()
        return frozenset(self.user_roles.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @cached_property
    def school_ids(self) -> frozenset[int]:
        """The schools whose records this user may read."""
        ids = {self.school_id} if self.school_id else set()
        if Role.DISTRICT in self.role_codes:
            ids.update(self.district_schools.values_list("id", flat=True))
        return frozenset(ids)


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="core_userrole_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="core_userrole_known"),
        ]

    def __str__(self) -> str:
        return self.get_role_display()


class Department(ArchivableModel, SchoolScopedModel):
    name = models.CharField(_("name"), max_length=100)
    head = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_departments",
        verbose_name=_("head of department"),
    )

    access = Access(view=ALL_ROLES, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="core_department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:department_detail", args=[self.pk])
