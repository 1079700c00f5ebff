"""/api/v1/canteen/<resource>/"""

from rest_framework.routers import DefaultRouter

from core import resources  # noqa: F401

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
# router.register(...) / resources.register([...], router=router)  (hygiene)
# ---- part: hygiene (end) ----

urlpatterns = router.urls
