"""The places' viewsets, generated from their declarations (core/views/places.py)."""

from core.views import places

CampusViewSet = places.campus.viewset
BuildingViewSet = places.building.viewset
RoomViewSet = places.room.viewset
DepartmentViewSet = places.department.viewset
SchoolClassViewSet = places.school_class.viewset
TermViewSet = places.term.viewset
HolidayViewSet = places.holiday.viewset
