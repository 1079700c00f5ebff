"""Finance: Menu entries. Each part adds inside its own section."""

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem
from core.navigation import add as _add
from finance.apps import FinanceConfig

# The one "Finance" group of every part: its label object is the app's verbose name.
_STAFF_DAILY = frozenset({Role.TEACHER})
for _item in (
    NavItem(
        _("My purchase requests"),
        "finance:my_requests",
        "finance.PurchaseRequest",
        daily_for=_STAFF_DAILY,
    ),
    NavItem(_("New purchase request"), "finance:purchaserequest_add", "finance.PurchaseRequest"),
    NavItem(
        _("Approvals waiting for me"),
        "finance:approvals_inbox",
        "finance.PurchaseRequest",
        daily_for=frozenset({Role.DIRECTOR, Role.PRINCIPAL}),
    ),
    NavItem(_("Purchase ledger"), "finance:purchaserequest_list", "finance.PurchaseRequest"),
):
    _add(FinanceConfig.verbose_name, _item)
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
