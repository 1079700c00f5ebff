"""Finance: Menu entries. Each part adds inside its own section, to the one group FINANCE."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from core import navigation
from core.choices import Role
from core.navigation import NavItem

# navigation.add finds a group by its label object: every part uses this one, the app's name.
FINANCE = apps.get_app_config("finance").verbose_name

# ---- part: budget (begin) ----
_budget_ = _
_BudgetItem = NavItem
_budget_add = navigation.add
_FINANCE = FINANCE
_budget_add(
    _FINANCE,
    _BudgetItem(_budget_("Budget execution"), "finance:budget_execution", "finance.BudgetLine"),
)
_budget_add(
    _FINANCE,
    _BudgetItem(
        _budget_("Budget adjustments"), "finance:budgetadjustment_list", "finance.BudgetAdjustment"
    ),
)
_budget_add(
    _FINANCE,
    _BudgetItem(_budget_("Finance settings"), "finance:settings", "finance.FinanceSettings"),
)
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
_purchasing_ = _
_navigation = navigation
_Role = Role
_navigation.add(
    FINANCE,
    _navigation.NavItem(
        _purchasing_("Purchase orders"),
        "finance:purchaseorder_list",
        "finance.PurchaseOrder",
        daily_for=frozenset({_Role.LOGISTICS}),
    ),
)
_navigation.add(
    FINANCE, _navigation.NavItem(_purchasing_("Quotes"), "finance:quote_list", "finance.Quote")
)
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
