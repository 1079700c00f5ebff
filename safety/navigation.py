"""The safety entries of the menu (shown to roles that may view each model)."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem, register

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
    NavItem(_("Inspection records"), "safety:inspectionanswer_list", "safety.InspectionAnswer"),
    NavItem(_("Checklists"), "safety:inspectiontemplate_list", "safety.InspectionTemplate"),
    NavItem(_("Fire equipment"), "safety:fireequipment_list", "safety.FireEquipment"),
    NavItem(_("Emergency drills"), "safety:drill_list", "safety.Drill"),
    NavItem(_("Visitor log"), "safety:visitor_list", "safety.Visitor"),
    NavItem(_("Duty rosters"), "safety:dutyroster_list", "safety.DutyRoster"),
)
