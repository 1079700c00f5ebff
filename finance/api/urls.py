"""/api/v1/finance/<resource>/"""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
