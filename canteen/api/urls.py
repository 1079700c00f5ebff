"""/api/v1/canteen/<resource>/"""

from rest_framework.routers import DefaultRouter

from core import resources

router = DefaultRouter()

# ---- part: menus (begin) ----
from canteen.api import menus as menus_api  # noqa: E402
from canteen.views import menus as menus_views  # noqa: E402

resources.register(menus_views.ALL, router=router)
router.register("menus", menus_api.WeeklyMenuViewSet, basename="weeklymenu")
router.register("menu-dishes", menus_api.MenuEntryViewSet, basename="menuentry")
# ---- part: menus (end) ----

# ---- part: samples (begin) ----
from canteen.views import samples as sample_views  # noqa: E402

resources.register(sample_views.ALL, router=router)
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
from canteen.api.hygiene import HygieneFlagViewSet  # noqa: E402
from canteen.views import hygiene as hygiene_views  # noqa: E402

resources.register(hygiene_views.ALL, router=router)
router.register("hygiene-flags", HygieneFlagViewSet, basename="hygieneflag")
# ---- part: hygiene (end) ----

urlpatterns = router.urls
