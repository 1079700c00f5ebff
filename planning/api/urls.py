"""/api/v1/planning/<resource>/"""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
