from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairsConfig(AppConfig):
    name = "repairs"
    verbose_name = _("Repairs")

    def ready(self) -> None:
        from core import audit
        from repairs import models, navigation  # noqa: F401  (registers the menu entries)

        audit.register(
            models.RepairSettings,
            models.RepairRequest,
            models.PublicRepairRequest,
            models.RepairJob,
            models.RepairEvent,
            models.WorkRecord,
            models.RepairPhoto,
        )
