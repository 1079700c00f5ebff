"""/api/v1/<app>/<resource>/ — each app adds its router under its own prefix."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from core import resources
from core.views import places, suppliers

router = DefaultRouter()
resources.register(places.ALL, router=router)
resources.register(suppliers.ALL, router=router)

urlpatterns = [
    path("core/", include((router.urls, "core-api"))),
]
