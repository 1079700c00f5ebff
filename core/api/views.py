from core import filters
from core.api import serializers
from core.api.base import ScopedViewSet
from core.models import Building, Campus, Department, Holiday, Room, SchoolClass, Term


class CampusViewSet(ScopedViewSet):
    model = Campus
    serializer_class = serializers.CampusSerializer
    filterset_class = filters.CampusFilterSet
    ordering_fields = ["name"]


class BuildingViewSet(ScopedViewSet):
    model = Building
    serializer_class = serializers.BuildingSerializer
    filterset_class = filters.BuildingFilterSet
    ordering_fields = ["code", "name", "floors"]


class RoomViewSet(ScopedViewSet):
    model = Room
    serializer_class = serializers.RoomSerializer
    filterset_class = filters.RoomFilterSet
    ordering_fields = ["code", "name", "floor", "building__code"]


class DepartmentViewSet(ScopedViewSet):
    model = Department
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filters.DepartmentFilterSet
    ordering_fields = ["name"]


class SchoolClassViewSet(ScopedViewSet):
    model = SchoolClass
    serializer_class = serializers.SchoolClassSerializer
    filterset_class = filters.SchoolClassFilterSet
    ordering_fields = ["grade", "number"]


class TermViewSet(ScopedViewSet):
    model = Term
    serializer_class = serializers.TermSerializer
    filterset_class = filters.TermFilterSet
    ordering_fields = ["start", "name"]


class HolidayViewSet(ScopedViewSet):
    model = Holiday
    serializer_class = serializers.HolidaySerializer
    filterset_class = filters.HolidayFilterSet
    ordering_fields = ["start", "name"]
