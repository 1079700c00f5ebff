"""Per-school ledger rules."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import READERS, Access
from core.choices import Role
from core.models import SchoolScopedModel


class AssetSettings(SchoolScopedModel):
    """Per-school ledger rules (事业单位财务规则 thresholds, code pattern)."""

    capitalisation_threshold = models.DecimalField(
        _("fixed-asset threshold (yuan)"), max_digits=12, decimal_places=2, default=Decimal("1000")
    )
    specialist_threshold = models.DecimalField(
        _("specialist-equipment threshold (yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("1500"),
    )
    # {category} the category code, {year} purchase year, {seq} the running number in that pair.
    code_pattern = models.CharField(
        _("asset code pattern"), max_length=60, default="{category}-{year}-{seq:04d}"
    )

    access = Access(view=READERS, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("asset settings")
        verbose_name_plural = _("asset settings")
        constraints = [
            models.UniqueConstraint(fields=["school"], name="assets_settings_one_per_school"),
            models.CheckConstraint(
                condition=Q(capitalisation_threshold__gte=0) & Q(specialist_threshold__gte=0),
                name="assets_settings_thresholds_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
