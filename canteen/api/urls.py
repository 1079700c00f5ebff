"""/api/v1/canteen/<resource>/"""

from rest_framework.routers import DefaultRouter

from core import resources

router = DefaultRouter()

# ---- part: menus (begin) ----
# router.register(...) / resources.register([...], router=router)  (menus)
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
# router.register(...) / resources.register([...], router=router)  (samples)
# ---- part: samples (end) ----

# ---- part: acceptance (begin) ----
from canteen.api import acceptance as acceptance_api  # noqa: E402
from canteen.views import acceptance as acceptance_views  # noqa: E402

router.register("deliveries", acceptance_api.DeliveryViewSet, basename="delivery")
router.register("ledger", acceptance_api.LedgerViewSet, basename="deliveryline")
router.register("disclosures", acceptance_api.CostDisclosureViewSet, basename="costdisclosure")
resources.register(acceptance_views.ALL, router=router)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
# router.register(...) / resources.register([...], router=router)  (hygiene)
# ---- part: hygiene (end) ----

urlpatterns = router.urls
