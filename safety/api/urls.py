"""/api/v1/safety/<resource>/"""

from rest_framework.routers import DefaultRouter

from core import resources
from safety import views as resource_views
from safety.api import views

router = DefaultRouter()
router.register("templates", views.InspectionTemplateViewSet, basename="inspectiontemplate")
router.register("template-items", views.TemplateItemViewSet, basename="templateitem")
router.register("rounds", views.InspectionTaskViewSet, basename="inspectiontask")
router.register("records", views.InspectionAnswerViewSet, basename="inspectionanswer")
router.register("hazards", views.HazardViewSet, basename="hazard")
router.register("fire-equipment", views.FireEquipmentViewSet, basename="fireequipment")
router.register("drills", views.DrillViewSet, basename="drill")
resources.register(
    [resource_views.visitor, resource_views.roster, resource_views.shift], router=router
)

urlpatterns = router.urls
