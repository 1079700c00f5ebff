"""Per-school canteen rules: which meals are served, when, and the sample rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from canteen.choices import Meal
from canteen.models.common import CANTEEN_READERS
from core.access import Access
from core.choices import Role
from core.models import SchoolScopedModel

# GB 31654-2021 and the 2019 school food-safety rules: at least 125 g per dish, kept 48 hours.
SAMPLE_MIN_GRAMS_FLOOR = 125
SAMPLE_KEEP_HOURS = 48


class CanteenSettings(SchoolScopedModel):
    """One row per school (created on first use with these defaults)."""

    serves_breakfast = models.BooleanField(_("serves breakfast"), default=True)
    serves_lunch = models.BooleanField(_("serves lunch"), default=True)
    serves_dinner = models.BooleanField(_("serves dinner"), default=False)
    breakfast_at = models.TimeField(_("breakfast served at"), default=dt.time(7, 10))
    lunch_at = models.TimeField(_("lunch served at"), default=dt.time(11, 40))
    dinner_at = models.TimeField(_("dinner served at"), default=dt.time(17, 30))
    sample_min_grams = models.PositiveSmallIntegerField(
        _("minimum sample weight (g)"),
        default=SAMPLE_MIN_GRAMS_FLOOR,
        validators=[MinValueValidator(SAMPLE_MIN_GRAMS_FLOOR), MaxValueValidator(1000)],
        help_text=_("Never below 125 g."),
    )
    sample_check_after_minutes = models.PositiveSmallIntegerField(
        _("check samples this many minutes after a meal is served"),
        default=60,
        validators=[MinValueValidator(10), MaxValueValidator(600)],
    )
    shelf_life_max_share = models.DecimalField(
        _("refuse goods past this share of their shelf life"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("0.50: goods that have used more than half of their shelf life are refused."),
    )

    access = Access(view=CANTEEN_READERS, manage=frozenset({Role.ADMIN, Role.DIRECTOR}))

    class Meta:
        verbose_name = _("canteen settings")
        verbose_name_plural = _("canteen settings")
        constraints = [
            models.UniqueConstraint(fields=["school"], name="canteen_settings_one_per_school"),
            models.CheckConstraint(
                condition=Q(sample_min_grams__gte=SAMPLE_MIN_GRAMS_FLOOR),
                name="canteen_settings_sample_min_125g",
            ),
            models.CheckConstraint(
                condition=Q(shelf_life_max_share__gt=0) & Q(shelf_life_max_share__lte=1),
                name="canteen_settings_shelf_share_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def meals(self) -> list[str]:
        """The meals this school serves, in the order of the day."""
        served = {
            Meal.BREAKFAST: self.serves_breakfast,
            Meal.LUNCH: self.serves_lunch,
            Meal.DINNER: self.serves_dinner,
        }
        return [meal for meal, yes in served.items() if yes]

    def served_at(self, meal: str) -> dt.time:
        return {
            Meal.BREAKFAST: self.breakfast_at,
            Meal.LUNCH: self.lunch_at,
            Meal.DINNER: self.dinner_at,
        }[Meal(meal)]
