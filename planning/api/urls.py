"""/api/v1/planning/<resource>/; each part registers inside its own section."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

# ---- part: plans (begin) ----
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
