"""API bases of the work calendar (/api/v1/planning/work-items/ and work-tasks/): the months as a
list of numbers (1–12), the models' clean() rules as for the forms, and the "done" step generated
from the task's workflow (POST work-tasks/<id>/done/ with a note and/or an evidence file)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from core.api.base import ScopedSerializer, ScopedViewSet
from core.api.workflow import WorkflowActionsMixin
from planning import services_calendar as services
from planning.models.calendar import months_mask, months_of
from planning.workflow_calendar import TASK_WORKFLOW


class MonthsSerializerField(serializers.ListField):
    """The months as numbers (8, 9, …), stored as the item's bit mask."""

    child = serializers.IntegerField()

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty", False)
        super().__init__(**kwargs)

    def to_representation(self, data: Any) -> list[int]:
        return months_of(data)

    def to_internal_value(self, data: Any) -> int:  # type: ignore[override]
        numbers = super().to_internal_value(data)
        try:
            return months_mask(numbers)
        except DjangoValidationError as exc:
            raise ValidationError(exc.messages) from exc


class CleanedSerializer(ScopedSerializer):
    """Runs the model's clean() on the row as it would be saved (the rules of the forms)."""

    def validate(self, attrs):
        model: Any = self.Meta.model
        instance = self.instance or model(school=self.context["request"].user.school)
        for name, value in attrs.items():
            if name not in self.locked or self.instance is None:
                setattr(instance, name, value)
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        if "month" in attrs and self.instance is None:
            attrs["month"] = instance.month  # normalised to the month's first day
        return super().validate(attrs)


class WorkItemSerializer(CleanedSerializer):
    months = MonthsSerializerField(help_text="The months (1–12) the task recurs in.")


class WorkTaskSerializer(CleanedSerializer):
    """A task with its item's title and whether evidence is attached (the file itself is served
    by the page, through the task's access rule)."""

    def get_has_evidence(self, obj) -> bool:
        return bool(obj.evidence)

    def get_fields(self):
        fields = super().get_fields()
        fields["item_title"] = serializers.CharField(source="item.title", read_only=True)
        fields["has_evidence"] = serializers.SerializerMethodField()
        return fields


class WorkTaskDoneSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=services.NOTE_MAX, required=False, allow_blank=True)
    evidence = serializers.FileField(required=False)


class WorkTaskActions(WorkflowActionsMixin, ScopedViewSet):
    workflow = TASK_WORKFLOW
    step_serializers = {"done": WorkTaskDoneSerializer}

    def perform_step(self, transition, obj, data):
        return services.work_task_done(
            task=obj,
            actor=self.request.user,
            note=data.get("note", ""),
            evidence=data.get("evidence"),
        )
