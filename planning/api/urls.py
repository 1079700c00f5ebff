"""/api/v1/planning/<resource>/; each part registers inside its own section."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# ---- part: plans (begin) ----
from planning.api import plans as plans_api  # noqa: E402

for _prefix, _viewset in plans_api.ROUTES:
    router.register(_prefix, _viewset, basename=_viewset.model._meta.model_name)
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
# ---- part: surveys (end) ----

urlpatterns = router.urls
