"""Dishes, banned foods and the weekly menu (带量食谱 / 每周食谱)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from canteen.choices import DishCategory, Meal, MenuStatus
from canteen.models.common import (
    CANTEEN_APPROVERS,
    CANTEEN_READERS,
    CANTEEN_RECORDERS,
    CANTEEN_STAFF,
)
from core.access import Access
from core.choices import Role
from core.models import ArchivableModel, SchoolScopedModel


class Dish(ArchivableModel, SchoolScopedModel):
    """A dish of the school's library; menus pick from it."""

    name = models.CharField(_("name"), max_length=60)
    category = models.CharField(_("category"), max_length=12, choices=DishCategory)
    main_ingredients = models.CharField(
        _("main ingredients"), max_length=200, help_text=_("Separated by commas, e.g. 鸡蛋、番茄")
    )

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("dish")
        verbose_name_plural = _("dishes")
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="canteen_dish_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("canteen:dish_list") + f"{self.pk}/"


class BannedFood(ArchivableModel, SchoolScopedModel):
    """A food that primary and secondary school canteens must not serve (national or provincial)."""

    name = models.CharField(_("name"), max_length=60)
    keywords = models.CharField(
        _("keywords"),
        max_length=200,
        help_text=_("A dish whose name or ingredients contain one of these words is refused."),
    )
    reason = models.CharField(_("reason"), max_length=200)
    national = models.BooleanField(_("national rule"), default=False)

    access = Access(
        view=CANTEEN_READERS,
        manage=CANTEEN_APPROVERS | frozenset({Role.ADMIN}),
    )

    class Meta:
        verbose_name = _("banned food")
        verbose_name_plural = _("banned foods")
        ordering = ["-national", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="canteen_banned_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("canteen:bannedfood_detail", args=[self.pk])


class WeeklyMenu(SchoolScopedModel):
    """The menu of one week (Monday to Sunday); published once the director approves it.

    `week_start` is always a Monday: the form and the service refuse other days.
    """

    week_start = models.DateField(_("week starting (Monday)"))
    status = models.CharField(
        _("status"), max_length=12, choices=MenuStatus, default=MenuStatus.DRAFT
    )
    notes = models.CharField(_("notes"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    return_note = models.CharField(
        _("returned with the comment"),
        max_length=300,
        blank=True,
        help_text=_("Why the approver sent the menu back (shown until it is submitted again)."),
    )

    access = Access(
        view=CANTEEN_READERS,
        manage=CANTEEN_RECORDERS,
        extra_actions={
            # The kitchen submits its week; the director or the canteen manager approves it.
            "submit": CANTEEN_STAFF | frozenset({Role.CANTEEN_MANAGER}),
            "approve": CANTEEN_APPROVERS,
        },
    )

    class Meta:
        verbose_name = _("weekly menu")
        verbose_name_plural = _("weekly menus")
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "week_start"], name="canteen_menu_one_a_week"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Menu of the week of %(day)s") % {"day": self.week_start})

    def get_absolute_url(self) -> str:
        return reverse("canteen:weeklymenu_detail", args=[self.pk])

    @property
    def days(self) -> list[dt.date]:
        return [self.week_start + dt.timedelta(days=n) for n in range(7)]

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)


class MenuEntry(SchoolScopedModel):
    """One dish of one meal of one day of a weekly menu."""

    menu = models.ForeignKey(
        WeeklyMenu, on_delete=models.CASCADE, related_name="entries", verbose_name=_("menu")
    )
    day = models.DateField(_("day"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal)
    dish = models.ForeignKey(
        Dish, on_delete=models.PROTECT, related_name="menu_entries", verbose_name=_("dish")
    )

    access = Access(view=CANTEEN_READERS, manage=CANTEEN_RECORDERS)

    class Meta:
        verbose_name = _("menu dish")
        verbose_name_plural = _("menu dishes")
        ordering = ["day", "meal", "dish__category", "dish__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["menu", "day", "meal", "dish"], name="canteen_menu_entry_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_meal_display()} {self.dish}"

    def get_absolute_url(self) -> str:
        return self.menu.get_absolute_url()
