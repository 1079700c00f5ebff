"""/api/v1/planning/<resource>/; each part registers inside its own section."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# ---- part: plans (begin) ----
from planning.api import plans as plans_api  # noqa: E402

for _prefix, _viewset in plans_api.ROUTES:
    router.register(_prefix, _viewset, basename=_viewset.model._meta.model_name)
# ---- part: plans (end) ----

# ---- part: calendar (begin) ----
from core import resources  # noqa: E402
from planning import views_calendar  # noqa: E402

resources.register(views_calendar.ALL, router=router)
# ---- part: calendar (end) ----

# ---- part: surveys (begin) ----
from planning.api import surveys as _surveys  # noqa: E402

router.register("surveys", _surveys.SurveyViewSet, basename="survey")
# ---- part: surveys (end) ----

urlpatterns = router.urls
