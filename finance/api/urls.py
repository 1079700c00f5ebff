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
from core import resources as _resources  # noqa: E402
from finance.api import suppliers as _suppliers_api  # noqa: E402
from finance.views import suppliers as _suppliers  # noqa: E402

_resources.register(_suppliers.ALL, router=router)
router.register("disclosures", _suppliers_api.DisclosureViewSet, basename="disclosure")
# ---- part: suppliers (end) ----

urlpatterns = router.urls
