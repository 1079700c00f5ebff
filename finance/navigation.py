"""Finance: Menu entries. Each part adds inside its own section."""

# ---- part: budget (begin) ----
from django.utils.translation import gettext_lazy as _budget_

from core.navigation import NavItem as _BudgetItem
from core.navigation import add as _budget_add

_FINANCE = _budget_("Finance")
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
from django.apps import apps as _apps
from django.utils.translation import gettext_lazy as _purchasing_

from core import navigation as _navigation
from core.choices import Role as _Role

# The app's verbose name is the one group label object every finance part can share.
_FINANCE = _apps.get_app_config("finance").verbose_name
_navigation.add(
    _FINANCE,
    _navigation.NavItem(
        _purchasing_("Purchase orders"),
        "finance:purchaseorder_list",
        "finance.PurchaseOrder",
        daily_for=frozenset({_Role.LOGISTICS}),
    ),
)
_navigation.add(
    _FINANCE, _navigation.NavItem(_purchasing_("Quotes"), "finance:quote_list", "finance.Quote")
)
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
