from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssetsConfig(AppConfig):
    name = "assets"
    verbose_name = _("Assets")

    def ready(self) -> None:
        from assets import notables

        notables.register()  # the monthly report's list of this module (core.reports)
        from assets import (  # noqa: F401  (the disposal steps' event labels)
            models,
            todo,
            workflow,
        )
        from core import audit

        audit.register_event_labels(
            {
                "disposal_requested": _("Disposal requested"),
                "stocktake_started": _("Stocktake started"),
                "stocktake_confirmed": _("Stocktake confirmed"),
                "compensation_paid": _("Compensation paid"),
                "compensation_waived": _("Compensation waived"),
            }
        )
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
        from assets import import_jobs, metrics, navigation  # noqa: F401  (the import job)

        navigation.register()  # the menu entries, the ledger's from its resource declaration
        metrics.register()  # the module's figures in core.metrics (dashboards, reports)
