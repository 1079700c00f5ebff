from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanteenConfig(AppConfig):
    name = "canteen"
    verbose_name = _("Canteen")

    def ready(self) -> None:
        from canteen import metrics, models, navigation, todo  # noqa: F401  (menu, to-do)
        from core import audit

        metrics.register()  # the module's figures in core.metrics (dashboards, reports)
        audit.register(
            models.CanteenSettings,
            models.Dish,
            models.BannedFood,
            models.WeeklyMenu,
            models.MenuEntry,
        )
        # ---- part: menus (begin) ----
        # audit.register(...); audit.register_event_labels({...})  (menus)
        # ---- part: menus (end) ----

        # ---- part: samples (begin) ----
        # audit.register(...)  (samples)
        # ---- part: samples (end) ----

        # ---- part: acceptance (begin) ----
        audit.register(
            models.Delivery,
            models.DeliveryLine,
            models.DeliveryDocument,
            models.DinerCount,
            models.MealIncome,
            models.CostDisclosure,
        )
        from canteen import workflow_acceptance  # noqa: F401  (the disclosure's steps)
        from canteen.views import acceptance as acceptance_views
        from core import resources

        resources.register(acceptance_views.ALL)
        audit.register_event_labels(
            {
                "delivery_recorded": _("Delivery recorded"),
                "delivery_document_added": _("Certificate or invoice attached"),
            }
        )
        # ---- part: acceptance (end) ----

        # ---- part: hygiene (begin) ----
        # audit.register(...)  (hygiene)
        # ---- part: hygiene (end) ----
