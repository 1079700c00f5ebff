"""/api/v1/finance/<resource>/; each part registers inside its own section."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# ---- part: budget (begin) ----
from core import resources as budget_resources  # noqa: E402
from finance.api import budget as budget_api  # noqa: E402
from finance.views import budget as budget_views  # noqa: E402

budget_resources.register(budget_views.ALL, router=router)
router.register("adjustments", budget_api.AdjustmentViewSet, basename="budgetadjustment")
router.register("execution", budget_api.ExecutionViewSet, basename="budgetexecution")
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
from finance.api import requests as _requests  # noqa: E402

router.register("requests", _requests.PurchaseRequestViewSet, basename="purchaserequest")
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
from finance.api import purchasing as purchasing_api  # noqa: E402

router.register("quotes", purchasing_api.QuoteViewSet, basename="quote")
router.register("orders", purchasing_api.PurchaseOrderViewSet, basename="purchaseorder")
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
from finance.api import delivery as delivery_api  # noqa: E402

router.register("acceptances", delivery_api.AcceptanceViewSet, basename="acceptance")
router.register("payments", delivery_api.PaymentViewSet, basename="payment")
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
# ---- part: suppliers (end) ----

urlpatterns = router.urls
