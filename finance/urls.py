"""/finance/... pages. Each part of the module adds its patterns inside its own section."""

app_name = "finance"

urlpatterns: list = []

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----
