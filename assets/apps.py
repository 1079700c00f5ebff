from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("Assets")

    def ready(self) -> None:
        from assets import models
        from core import audit

        audit.register(
            models.AssetSettings,
            models.AssetCategory,
            models.Asset,
            models.AssetMovement,
            models.Consumable,
            models.StockSlip,
            models.StockSlipLine,
            models.DisposalRequest,
            models.Stocktake,
            models.StocktakeLine,
            models.PropertyCheck,
            models.Compensation,
            models.AssetAttachment,
        )
        from assets import navigation  # noqa: F401  (registers the menu entries)
