"""Class property checks (班级财产检查) and compensations (赔偿)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assets.choices import (
    CheckKind,
    CompensationStatus,
)
from assets.models.cards import Asset
from assets.models.common import ASSET_MANAGERS, ASSET_READERS
from core.access import Access
from core.choices import Role
from core.models import SchoolScopedModel


def _homeroom_rows(user) -> Q:
    return Q(school_class__homeroom_teacher=user)


class PropertyCheck(SchoolScopedModel):
    """班级公物检查: the mid-term or end-of-term check of what a class (or office) is responsible for."""

    school_class = models.ForeignKey(
        "core.SchoolClass",
        on_delete=models.PROTECT,
        related_name="property_checks",
        verbose_name=_("class"),
    )
    kind = models.CharField(_("check"), max_length=20, choices=CheckKind)
    date = models.DateField(_("date"), default=timezone.localdate)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("checked by"),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    access = Access(
        view=ASSET_READERS,
        manage=ASSET_MANAGERS,
        own=frozenset({Role.TEACHER}),
        own_rows=_homeroom_rows,
    )

    class Meta:
        verbose_name = _("class property check")
        verbose_name_plural = _("class property checks")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.school_class} {self.get_kind_display()} {self.date}"

    def get_absolute_url(self) -> str:
        return reverse("assets:propertycheck_detail", args=[self.pk])


class Compensation(SchoolScopedModel):
    """损坏赔偿: damage found in a check, charged to the class; paid or waived."""

    school_class = models.ForeignKey(
        "core.SchoolClass",
        on_delete=models.PROTECT,
        related_name="compensations",
        verbose_name=_("class"),
    )
    property_check = models.ForeignKey(
        PropertyCheck,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compensations",
        verbose_name=_("found in check"),
    )
    asset = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compensations",
        verbose_name=_("asset"),
    )
    description = models.CharField(_("damage"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=CompensationStatus, default=CompensationStatus.DUE
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("settled by"),
    )

    access = Access(
        view=ASSET_READERS,
        manage=ASSET_MANAGERS,
        own=frozenset({Role.TEACHER}),
        own_rows=_homeroom_rows,
    )

    class Meta:
        verbose_name = _("damage compensation")
        verbose_name_plural = _("damage compensations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="assets_compensation_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(status="due") | Q(settled_on__isnull=False),
                name="assets_compensation_settled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} · {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("assets:compensation_detail", args=[self.pk])
