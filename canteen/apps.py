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
        # audit.register(...)  (acceptance)
        # ---- part: acceptance (end) ----

        # ---- part: hygiene (begin) ----
        from canteen.views import hygiene as hygiene_views
        from core import resources

        audit.register(
            models.DisinfectionMethod,
            models.DisinfectionBatch,
            models.StaffMember,
            models.HealthCertificate,
            models.MorningCheck,
            models.AccompaniedMeal,
            models.HygieneFlag,
            models.MonthlyReview,
        )
        audit.register_event_labels(
            {"canteen_checklist_installed": _("Canteen checklist installed")}
        )
        resources.register(
            [r for r in hygiene_views.ALL if r.model is not models.AccompaniedMeal]
        )  # menu entries; 陪餐 has its own (first for the principal)
        # ---- part: hygiene (end) ----
