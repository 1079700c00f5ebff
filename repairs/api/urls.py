"""/api/v1/repairs/<resource>/"""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
