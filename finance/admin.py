"""Finance: Admin pages. Each part adds inside its own section."""

# ---- part: budget (begin) ----
# ---- part: budget (end) ----
# ---- part: requests (begin) ----
from finance import (
    admin_budget,  # noqa: F401  (settings, years, lines, movements, ...)
    admin_requests,  # noqa: F401  (purchase requests and approvals)
)

# ---- part: purchasing (end) ----
# ---- part: delivery (begin) ----
from finance.admin_delivery import *  # noqa: F403  (acceptances and payments, read only)

# ---- part: requests (end) ----
# ---- part: purchasing (begin) ----
from finance.admin_purchasing import (  # noqa: F401  (registers the admin pages)
    ProcurementLimitAdmin,
    PurchaseOrderAdmin,
    QuoteAdmin,
)
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
