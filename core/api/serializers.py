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


class CalendarEntrySerializer(ScopedSerializer):
    """Terms and holidays: the model's own rules (Term.clean, Holiday.clean: dates a calendar
    holds, 调休 on a weekend, no overlap) answer 400 with their message, as the forms do."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model: type[Term | Holiday] = self.Meta.model
        candidate = model(
            pk=getattr(self.instance, "pk", None),
            school_id=getattr(self.instance, "school_id", None)
            or self.context["request"].user.school_id,
        )
        for name in self.Meta.fields:
            if name in attrs:
                setattr(candidate, name, attrs[name])
            elif self.instance is not None and name not in COMMON:
                setattr(candidate, name, getattr(self.instance, name))
        try:
            candidate.clean()
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        return attrs


class TermSerializer(CalendarEntrySerializer):
    class Meta:
        model = Term
        fields = [*COMMON, "name", "start", "end"]


class HolidaySerializer(CalendarEntrySerializer):
    class Meta:
        model = Holiday
        fields = [*COMMON, "name", "kind", "start", "end"]
