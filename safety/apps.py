from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = _("Safety")

    def ready(self) -> None:
        from safety import notables

        notables.register()  # the monthly report's list of this module (core.reports)
        from core import audit
        from safety import (  # noqa: F401  (the hazard steps' event labels)
            metrics,
            models,
            todo,
            workflow,
        )

        metrics.register()  # the module's figures in core.metrics (dashboards, reports)

        audit.register(
            models.InspectionTemplate,
            models.TemplateItem,
            models.InspectionTask,
            models.InspectionAnswer,
            models.Hazard,
            models.FireEquipment,
            models.FireCheck,
            models.Drill,
            models.Visitor,
            models.DutyRoster,
            models.DutyShift,
        )
        audit.register_event_labels(
            {
                "template_activated": _("Activated"),
                "template_deactivated": _("Deactivated"),
                "round_completed": _("Round completed"),
                "fire_checked": _("Checked"),
                "fire_defect_again": _("Found defective again"),
                "visitor_left": _("Visitor left"),
            }
        )
        from safety import navigation  # noqa: F401  (the menu entries)
