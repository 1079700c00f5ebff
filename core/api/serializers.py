from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError

from core.api.base import ScopedSerializer
from core.models import Holiday, Term

# The places' serializers are generated from their declarations (core/views/places.py).
COMMON = ["id", "created_at", "updated_at"]


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
