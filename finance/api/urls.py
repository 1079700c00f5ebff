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
from finance.api import delivery as delivery_api  # noqa: E402

router.register("acceptances", delivery_api.AcceptanceViewSet, basename="acceptance")
router.register("payments", delivery_api.PaymentViewSet, basename="payment")
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----

urlpatterns = router.urls
