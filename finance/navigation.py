"""Finance: Menu entries. Each part adds inside its own section."""

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem as _NavItem
from core.navigation import add as _add

_add(
    _("Finance"),
    _NavItem(
        _("Expenditure disclosures"), "finance:disclosure_list", "finance.ExpenditureDisclosure"
    ),
)
# ---- part: suppliers (end) ----
