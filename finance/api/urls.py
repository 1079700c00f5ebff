"""/api/v1/finance/<resource>/; each part registers inside its own section."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
from finance.api import requests as _requests  # noqa: E402

router.register("requests", _requests.PurchaseRequestViewSet, basename="purchaserequest")
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----

urlpatterns = router.urls
