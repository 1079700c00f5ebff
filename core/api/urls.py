"""/api/v1/<app>/<resource>/ — each app adds its router under its own prefix."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from core.api import views

router = DefaultRouter()
router.register("campuses", views.CampusViewSet, basename="campus")
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("rooms", views.RoomViewSet, basename="room")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("classes", views.SchoolClassViewSet, basename="schoolclass")
router.register("terms", views.TermViewSet, basename="term")
router.register("holidays", views.HolidayViewSet, basename="holiday")

urlpatterns = [
    path("core/", include((router.urls, "core-api"))),
]
