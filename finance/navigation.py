"""Finance: Menu entries. Each part adds inside its own section."""

# ---- part: budget (begin) ----
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
