from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CanteenConfig(AppConfig):
    name = "canteen"
    verbose_name = _("Canteen")

    def ready(self) -> None:
        from canteen import metrics, models, navigation, todo  # noqa: F401  (menu, to-do)
        from core import audit

        metrics.register()  # the module's figures in core.metrics (dashboards, reports)
        from canteen import inspection_sections

        inspection_sections.register()  # the month's lists in the inspector's PDF
        audit.register(
            models.CanteenSettings,
            models.Dish,
            models.BannedFood,
            models.WeeklyMenu,
            models.MenuEntry,
        )
        # ---- part: menus (begin) ----
        from django.db.models.signals import post_save
        from django.utils.translation import gettext_lazy

        from canteen import selectors_menus  # noqa: F401  (the inspector PDF's menus section)
        from canteen.services.menus import MENU_PUBLISHED_EVENT, seed_new_school
        from core import robots
        from core.models import School

        robots.register_event(MENU_PUBLISHED_EVENT, gettext_lazy("Weekly menu published"))

        # A new school starts with the national banned foods (existing ones: migration 0002).
        post_save.connect(seed_new_school, sender=School, dispatch_uid="canteen_banned_foods")
        # ---- part: menus (end) ----

        # ---- part: samples (begin) ----
        from canteen import admin_samples  # noqa: F401  (registers the sample admins)
        from canteen.views import samples as sample_views
        from core import resources, robots

        resources.register(sample_views.ALL)  # the menu entries
        audit.register(
            models.SampleFridge,
            models.FridgeTemperature,
            models.FoodSample,
            models.SampleFlag,
        )
        audit.register_event_labels({"sample_disposed": _("Sample disposed")})
        robots.register_event("food_sample_missing", _("Food sample missing or underweight"))
        robots.register_event("health_certificate_expiring", _("Health certificate expiring"))
        robots.register_event("supplier_licence_expiring", _("Supplier licence expiring"))
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
        resources.register(hygiene_views.ALL)  # the menu entries (陪餐 first for the principal)
        # ---- part: hygiene (end) ----
