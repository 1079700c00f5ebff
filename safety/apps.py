from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "safety"
    verbose_name = _("Safety")

    def ready(self) -> None:
        from safety import notables

        notables.register()  # the monthly report's list of this module (core.reports)
        from core import audit
        from core.choices import Role
        from core.navigation import NavItem, register
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
        register(
            _("Safety"),
            NavItem(
                _("My inspections"),
                "safety:my_tasks",
                "safety.InspectionTask",
                daily_for=frozenset({Role.WORKER, Role.LOGISTICS}),
            ),
            NavItem(
                _("Hazards"),
                "safety:hazard_list",
                "safety.Hazard",
                daily_for=frozenset({Role.DIRECTOR, Role.LOGISTICS, Role.PRINCIPAL}),
            ),
            NavItem(_("Inspection rounds"), "safety:inspectiontask_list", "safety.InspectionTask"),
            NavItem(
                _("Inspection records"), "safety:inspectionanswer_list", "safety.InspectionAnswer"
            ),
            NavItem(_("Checklists"), "safety:inspectiontemplate_list", "safety.InspectionTemplate"),
            NavItem(_("Fire equipment"), "safety:fireequipment_list", "safety.FireEquipment"),
            NavItem(_("Emergency drills"), "safety:drill_list", "safety.Drill"),
            NavItem(_("Visitor log"), "safety:visitor_list", "safety.Visitor"),
            NavItem(_("Duty rosters"), "safety:dutyroster_list", "safety.DutyRoster"),
        )
