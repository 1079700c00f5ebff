"""Menu entries of the repairs module (shown to the roles that may view each model)."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem, register

# Who uses an entry every day (it comes first in their menu).
FILE = frozenset({Role.TEACHER, Role.CANTEEN})
OFFICE = frozenset({Role.DIRECTOR, Role.LOGISTICS})

register(
    _("Repairs"),
    NavItem(
        _("Report a repair"), "repairs:request_add", "repairs.PublicRepairRequest", daily_for=FILE
    ),
    NavItem(_("My requests"), "repairs:my_requests", "repairs.PublicRepairRequest", daily_for=FILE),
    NavItem(
        _("My jobs"), "repairs:my_jobs", "repairs.RepairJob", daily_for=frozenset({Role.WORKER})
    ),
    NavItem(
        _("Repair board"), "repairs:repairrequest_list", "repairs.RepairSettings", daily_for=OFFICE
    ),
    NavItem(
        _("Repair statistics"),
        "repairs:stats",
        "repairs.RepairSettings",
        daily_for=frozenset({Role.PRINCIPAL}),
    ),
)
