"""/api/v1/finance/<resource>/; each part registers inside its own section."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# ---- part: budget (begin) ----
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
from finance.api import purchasing as purchasing_api  # noqa: E402

router.register("quotes", purchasing_api.QuoteViewSet, basename="quote")
router.register("orders", purchasing_api.PurchaseOrderViewSet, basename="purchaseorder")
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----

urlpatterns = router.urls
