"""/finance/... pages. Each part of the module adds its patterns inside its own section."""

app_name = "finance"

urlpatterns: list = []

# ---- part: budget (begin) ----
from finance.views import budget as budget_views  # noqa: E402

urlpatterns += budget_views.urlpatterns()
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
