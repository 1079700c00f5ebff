"""/api/v1/safety/<resource>/"""

from rest_framework.routers import DefaultRouter

from core import resources
from safety import views as resource_views
from safety.api import views

router = DefaultRouter()
resources.register([resource_views.template, resource_views.item], router=router)
router.register("rounds", views.InspectionTaskViewSet, basename="inspectiontask")
router.register("records", views.InspectionAnswerViewSet, basename="inspectionanswer")
router.register("hazards", views.HazardViewSet, basename="hazard")
resources.register(
    [
        resource_views.equipment,
        resource_views.drill,
        resource_views.visitor,
        resource_views.roster,
        resource_views.shift,
    ],
    router=router,
)

urlpatterns = router.urls
