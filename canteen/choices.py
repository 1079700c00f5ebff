"""Choices of the canteen module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")


class DishCategory(models.TextChoices):
    STAPLE = "staple", _("Staple food")
    MEAT = "meat", _("Meat dish")
    VEGETABLE = "vegetable", _("Vegetable dish")
    SOUP = "soup", _("Soup")
    SNACK = "snack", _("Pastry or snack")
    FRUIT = "fruit", _("Fruit")
    DRINK = "drink", _("Milk or drink")


class MenuStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for approval")
    PUBLISHED = "published", _("Published")
