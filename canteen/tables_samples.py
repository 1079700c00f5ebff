"""Columns of the sample log and its neighbours, shared by each list and its Excel export."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from canteen.models import FoodSample, FridgeTemperature, SampleFlag, SampleFridge
from core.tables import Column, Table


class SampleFridgeTable(Table):
    model = SampleFridge
    columns = [
        Column("number", _("Number"), link=True, width=10),
        Column("name", _("Name"), link=True, width=20),
        Column("room__name", _("Location"), width=18),
        Column("active", _("In use"), width=8),
    ]


class FridgeTemperatureTable(Table):
    model = FridgeTemperature
    columns = [
        Column("day", _("Day"), link=True, width=12),
        Column("period", _("Reading"), width=8),
        Column("fridge__number", _("Refrigerator"), width=12),
        Column("celsius", _("Temperature (°C)"), kind="decimal", width=12),
        Column("out_of_range", _("Outside 0–8 °C"), width=10),
        Column("recorded_by__last_name", _("Recorded by (family name)"), width=12),
        Column("recorded_by__first_name", _("Recorded by (given name)"), width=12),
        Column("recorded_at", _("Recorded at"), width=17),
        Column("note", _("Note"), width=24),
    ]


class FoodSampleTable(Table):
    """The sample log (留样记录) an inspector reads: what, how much, who, where, until when."""

    model = FoodSample
    columns = [
        Column("day", _("Day"), link=True, width=12),
        Column("meal", _("Meal"), width=8),
        Column("dish__name", _("Dish"), link=True, width=18),
        Column("weight_grams", _("Weight (g)"), width=10),
        Column("underweight", _("Underweight"), width=10),
        Column("taken_at", _("Taken at"), width=17),
        Column("sampler__last_name", _("Sampler (family name)"), width=12),
        Column("sampler__first_name", _("Sampler (given name)"), width=12),
        Column("fridge__number", _("Refrigerator"), width=12),
        Column("disposed_at", _("Disposed at"), width=17),
        Column("disposed_by__last_name", _("Disposed by (family name)"), width=12),
        Column("disposed_by__first_name", _("Disposed by (given name)"), width=12),
    ]


class SampleFlagTable(Table):
    model = SampleFlag
    columns = [
        Column("day", _("Day"), width=12),
        Column("kind", _("Problem"), width=18),
        Column("detail", _("Detail"), width=48),
        Column("created_at", _("Found at"), width=17),
        Column("notified_at", _("Notified at"), width=17),
    ]
