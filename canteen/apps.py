from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanteenConfig(AppConfig):
    name = "canteen"
    verbose_name = _("Canteen")

    def ready(self) -> None:
        from canteen import models
        from core import audit

        audit.register(
            models.CanteenSettings,
            models.Dish,
            models.BannedFood,
            models.WeeklyMenu,
            models.MenuEntry,
        )
