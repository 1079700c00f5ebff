"""/api/v1/repairs/<resource>/"""

from rest_framework.routers import DefaultRouter

from repairs.api import views

router = DefaultRouter()
router.register("requests", views.RepairRequestViewSet, basename="repairrequest")
router.register("room-status", views.PublicRepairRequestViewSet, basename="room-status")

urlpatterns = router.urls
