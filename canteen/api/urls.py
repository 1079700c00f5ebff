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
# router.register(...) / resources.register([...], router=router)  (acceptance)
# ---- part: acceptance (end) ----

# ---- part: hygiene (begin) ----
from canteen.api.hygiene import HygieneFlagViewSet  # noqa: E402
from canteen.views import hygiene as hygiene_views  # noqa: E402

resources.register(hygiene_views.ALL, router=router)
router.register("hygiene-flags", HygieneFlagViewSet, basename="hygieneflag")
# ---- part: hygiene (end) ----

urlpatterns = router.urls
