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
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
