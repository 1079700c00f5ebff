"""/api/v1/safety/<resource>/"""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
