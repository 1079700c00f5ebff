from rest_framework import serializers

from core.api.base import ScopedFieldsMixin, ScopedSerializer
from core.models import Room, User
from core.uploads import PhotoSerializerField
from safety.models import (
    Hazard,
    InspectionAnswer,
    InspectionTask,
)

COMMON = ["id", "created_at", "updated_at"]


class InspectionAnswerSerializer(ScopedSerializer):
    class Meta:
        model = InspectionAnswer
        fields = [*COMMON, "task", "item", "result", "note", "photo", "answered_by"]
        read_only_fields = fields


class InspectionTaskSerializer(ScopedSerializer):
    answers = InspectionAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionTask
        fields = [
            *COMMON,
            "template",
            "room",
            "building",
            "due_date",
            "slot",
            "due_by",
            "assignee",
            "status",
            "completed_at",
            "answers",
        ]
        read_only_fields = [f for f in fields if f != "assignee"]


class AnswerInputSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    result = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    photo = PhotoSerializerField(required=False)


class HazardSerializer(ScopedSerializer):
    class Meta:
        model = Hazard
        fields = [
            *COMMON,
            "description",
            "severity",
            "room",
            "building",
            "location_note",
            "photo",
            "status",
            "found_by",
            "source_answer",
            "responsible",
            "deadline",
            "reported_at",
            "handler",
            "handled_at",
            "handling_note",
            "accepted_by",
            "accepted_at",
            "repair_request",
        ]
        read_only_fields = [
            f
            for f in fields
            if f not in ("description", "severity", "room", "building", "location_note", "photo")
        ]


class HazardAssignSerializer(ScopedFieldsMixin, serializers.Serializer):
    responsible = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    deadline = serializers.DateField()
    severity = serializers.IntegerField(required=False)


class HazardRepairSerializer(ScopedFieldsMixin, serializers.Serializer):
    category = serializers.CharField()
    urgency = serializers.CharField(default="normal")
    room = serializers.PrimaryKeyRelatedField(
        queryset=Room.objects.all(), required=False, allow_null=True, default=None
    )


class HazardNoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
    photo = PhotoSerializerField(required=False)


class HazardRejectSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class FireCheckInputSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    result = serializers.ChoiceField(choices=["ok", "defective"])
    serviced = serializers.BooleanField(default=False)
    next_service_date = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="")


# InspectionTemplateSerializer, TemplateItemSerializer, FireEquipmentSerializer, DrillSerializer,
# VisitorSerializer, DutyRosterSerializer, DutyShiftSerializer: generated from their resources
# (safety/views/).
