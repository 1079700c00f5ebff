"""Columns of the menus part's lists (the page and its Excel export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from canteen.models import BannedFood, Dish, WeeklyMenu
from core.tables import Column, Table


class DishTable(Table):
    model = Dish
    columns = [
        Column("name", _("Name"), link=True, width=20),
        Column("category", _("Category"), width=12),
        Column("main_ingredients", _("Main ingredients"), width=36),
    ]


class BannedFoodTable(Table):
    model = BannedFood
    columns = [
        Column("name", _("Name"), link=True, width=14),
        Column("keywords", _("Keywords"), width=36),
        Column("reason", _("Reason"), width=50),
        Column("national", _("National rule"), width=10),
    ]


class WeeklyMenuTable(Table):
    model = WeeklyMenu
    columns = [
        Column("week_start", _("Week starting"), link=True, width=12),
        Column("status", _("Status"), width=12),
        Column("published_at", _("Published at"), width=18),
        Column("notes", _("Notes"), width=30),
    ]
