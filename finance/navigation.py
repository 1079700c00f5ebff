"""Finance: Menu entries. Each part adds inside its own section."""

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
from django.utils.translation import gettext_lazy as _delivery_

from core import navigation as _delivery_nav

for _delivery_item in (
    _delivery_nav.NavItem(
        _delivery_("Acceptances"), "finance:acceptance_list", "finance.Acceptance"
    ),
    _delivery_nav.NavItem(_delivery_("Payments"), "finance:payment_list", "finance.Payment"),
):
    _delivery_nav.add(_delivery_("Finance"), _delivery_item)
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
