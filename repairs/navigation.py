"""Menu entries of the repairs module (shown to the roles that may view each model)."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register

register(
    _("Repairs"),
    NavItem(_("Report a repair"), "repairs:request_add", "repairs.PublicRepairRequest"),
    NavItem(_("My requests"), "repairs:my_requests", "repairs.PublicRepairRequest"),
    NavItem(_("My jobs"), "repairs:my_jobs", "repairs.RepairJob"),
    NavItem(_("Repair board"), "repairs:repairrequest_list", "repairs.RepairSettings"),
    NavItem(_("Repair statistics"), "repairs:stats", "repairs.RepairSettings"),
)
