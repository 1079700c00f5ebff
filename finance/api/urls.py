"""/api/v1/finance/<resource>/; each part registers inside its own section."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

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

urlpatterns = router.urls
