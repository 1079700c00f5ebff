"""/api/v1/finance/<resource>/; each part registers inside its own section."""
# ruff: noqa: E402  (each part imports inside its own section)

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# ---- part: budget (begin) ----
from core import resources as budget_resources
from finance.api import budget as budget_api
from finance.views import budget as budget_views

budget_resources.register(budget_views.ALL, router=router)
router.register("adjustments", budget_api.AdjustmentViewSet, basename="budgetadjustment")
router.register("execution", budget_api.ExecutionViewSet, basename="budgetexecution")
# ---- part: budget (end) ----

# ---- part: requests (begin) ----
from finance.api import requests as _requests

router.register("requests", _requests.PurchaseRequestViewSet, basename="purchaserequest")
# ---- part: requests (end) ----

# ---- part: purchasing (begin) ----
from finance.api import purchasing as purchasing_api

router.register("quotes", purchasing_api.QuoteViewSet, basename="quote")
router.register("orders", purchasing_api.PurchaseOrderViewSet, basename="purchaseorder")
# ---- part: purchasing (end) ----

# ---- part: delivery (begin) ----
from finance.api import delivery as delivery_api

router.register("acceptances", delivery_api.AcceptanceViewSet, basename="acceptance")
router.register("payments", delivery_api.PaymentViewSet, basename="payment")
# ---- part: delivery (end) ----

# ---- part: suppliers (begin) ----
from core import resources as _resources
from finance.api import suppliers as _suppliers_api
from finance.views import suppliers as _suppliers

_resources.register(_suppliers.ALL, router=router)
router.register("disclosures", _suppliers_api.DisclosureViewSet, basename="disclosure")
# ---- part: suppliers (end) ----

urlpatterns = router.urls
