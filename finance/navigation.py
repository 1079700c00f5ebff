"""Finance: menu entries, all in the one group FINANCE. Each part adds inside its own section."""

from django.utils.translation import gettext_lazy as _

from core.choices import Role
from core.navigation import NavItem, add
from finance.apps import FinanceConfig

# navigation.add finds a group by its label object: every part uses this one, the app's name.
FINANCE = FinanceConfig.verbose_name

# ---- part: requests (begin) ----
for _item in (
    NavItem(
        _("My purchase requests"),
        "finance:my_requests",
        "finance.PurchaseRequest",
        daily_for=frozenset({Role.TEACHER}),
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
    add(FINANCE, _item)
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
add(
    FINANCE,
    NavItem(
        _("Purchase orders"),
        "finance:purchaseorder_list",
        "finance.PurchaseOrder",
        daily_for=frozenset({Role.LOGISTICS}),
    ),
)
add(FINANCE, NavItem(_("Quotes"), "finance:quote_list", "finance.Quote"))
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
add(FINANCE, NavItem(_("Acceptances"), "finance:acceptance_list", "finance.Acceptance"))
add(FINANCE, NavItem(_("Payments"), "finance:payment_list", "finance.Payment"))
# ---- part: delivery (end) ----

# ---- part: budget (begin) ----
add(FINANCE, NavItem(_("Budget execution"), "finance:budget_execution", "finance.BudgetLine"))
add(
    FINANCE,
    NavItem(_("Budget adjustments"), "finance:budgetadjustment_list", "finance.BudgetAdjustment"),
)
add(FINANCE, NavItem(_("Finance settings"), "finance:settings", "finance.FinanceSettings"))
# ---- part: budget (end) ----

# ---- part: suppliers (begin) ----
add(
    FINANCE,
    NavItem(
        _("Expenditure disclosures"), "finance:disclosure_list", "finance.ExpenditureDisclosure"
    ),
)
# ---- part: suppliers (end) ----
