from core.api.base import ScopedSerializer
from core.models import Building, Campus, Department, Holiday, Room, SchoolClass, Term

COMMON = ["id", "created_at", "updated_at"]


class CampusSerializer(ScopedSerializer):
    class Meta:
        model = Campus
        fields = [*COMMON, "name", "address", "archived_at"]


class BuildingSerializer(ScopedSerializer):
    class Meta:
        model = Building
        fields = [*COMMON, "campus", "code", "name", "floors", "year_built", "archived_at"]


class RoomSerializer(ScopedSerializer):
    class Meta:
        model = Room
        fields = [
            *COMMON,
            "building",
            "code",
            "name",
            "floor",
            "room_type",
            "area",
            "qr_token",
            "archived_at",
        ]


class DepartmentSerializer(ScopedSerializer):
    class Meta:
        model = Department
        fields = [*COMMON, "name", "head", "archived_at"]


class SchoolClassSerializer(ScopedSerializer):
    class Meta:
        model = SchoolClass
        fields = [*COMMON, "grade", "number", "homeroom_teacher", "room", "archived_at"]


class TermSerializer(ScopedSerializer):
    class Meta:
        model = Term
        fields = [*COMMON, "name", "start", "end"]


class HolidaySerializer(ScopedSerializer):
    class Meta:
        model = Holiday
        fields = [*COMMON, "name", "start", "end"]
