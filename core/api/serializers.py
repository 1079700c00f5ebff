from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

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
        fields = [*COMMON, "name", "kind", "start", "end"]

    def validate(self, attrs):
        """The model's own rules (dates a calendar holds, 调休 on a weekend, no overlap) as a 400."""
        attrs = super().validate(attrs)
        request = self.context["request"]
        candidate = Holiday(
            pk=getattr(self.instance, "pk", None),
            school_id=getattr(self.instance, "school_id", None) or request.user.school_id,
        )
        for name in ("name", "kind", "start", "end"):
            value = attrs.get(name, getattr(self.instance, name, None))
            if value is not None:
                setattr(candidate, name, value)
        try:
            candidate.clean()
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        return attrs
