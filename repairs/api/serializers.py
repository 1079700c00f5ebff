"""Repair API shapes. Writes go through repairs.services; these only parse and present."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from assets.models import Asset, Consumable
from core.api.base import related
from core.models import Room, User
from core.uploads import PhotoSerializerField
from repairs.choices import Category, PhotoKind, Priority, Status
from repairs.models import PublicRepairRequest, RepairEvent, RepairRequest


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.username}


STATUS_HELP = "One of: " + ", ".join(Status.values)


class RepairRequestSerializer(serializers.ModelSerializer):
    # Plain strings (values listed): the status choice set is shared with the other modules'
    # "status" enums in the schema, where identical names would collide.
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    room_label = serializers.SerializerMethodField()
    reporter = serializers.SerializerMethodField()
    owner = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    duplicate_of_number = serializers.CharField(
        source="duplicate_of.number", read_only=True, allow_null=True
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = RepairRequest
        fields = [
            "id",
            "number",
            "status",
            "category",
            "priority",
            "description",
            "room",
            "room_label",
            "asset",
            "reporter",
            "owner",
            "assignee",
            "source",
            "created_at",
            "respond_due_at",
            "finish_due_at",
            "responded_at",
            "started_at",
            "finished_at",
            "confirmed_at",
            "auto_confirmed",
            "rating",
            "rating_comment",
            "duplicate_of",
            "duplicate_of_number",
            "reject_reason",
            "reopened_count",
            "url",
        ]
        read_only_fields = fields

    def get_room_label(self, obj) -> str:
        return f"{obj.room.building.name} {obj.room.code} {obj.room.name}"

    def get_reporter(self, obj) -> dict | None:
        return _person(obj.reporter)

    def get_owner(self, obj) -> dict | None:
        return _person(obj.owner)

    def get_assignee(self, obj) -> dict | None:
        return _person(obj.assignee)


class PublicRepairRequestSerializer(serializers.ModelSerializer):
    """What everyone using a room may know: no names, no notes, no costs."""

    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = PublicRepairRequest
        fields = ["number", "category", "status", "room", "created_at", "finished_at"]
        read_only_fields = fields


class RepairEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = RepairEvent
        fields = ["kind", "from_status", "to_status", "actor", "at", "note"]

    def get_actor(self, obj) -> dict | None:
        return _person(obj.actor)


class _SchoolScoped(serializers.Serializer):
    """Related choices limited to the user's school (a foreign id is 'does not exist')."""

    def school_id(self):
        return getattr(self.context["request"].user, "school_id", None)


class FileSerializer(_SchoolScoped):
    room = serializers.PrimaryKeyRelatedField(queryset=Room.objects.none(), required=False)
    asset = serializers.PrimaryKeyRelatedField(queryset=Asset.objects.none(), required=False)
    category = serializers.ChoiceField(choices=Category.choices)
    description = serializers.CharField(max_length=2000)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    client_token = serializers.UUIDField(required=False)
    on_behalf_of = serializers.PrimaryKeyRelatedField(queryset=User.objects.none(), required=False)
    photos = serializers.ListField(child=PhotoSerializerField(), required=False, max_length=6)

    def get_fields(self):
        fields = super().get_fields()
        school_id = self.school_id()
        related(fields, "room").queryset = Room.objects.filter(school_id=school_id)
        related(fields, "asset").queryset = Asset.objects.filter(school_id=school_id)
        related(fields, "on_behalf_of").queryset = User.objects.filter(school_id=school_id)
        return fields


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class AcceptSerializer(NoteSerializer):
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)


class AssignSerializer(NoteSerializer, _SchoolScoped):
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())

    def get_fields(self):
        fields = super().get_fields()
        related(fields, "assignee").queryset = User.objects.filter(school_id=self.school_id())
        return fields


class HandOverSerializer(NoteSerializer, _SchoolScoped):
    new_owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.none())

    def get_fields(self):
        fields = super().get_fields()
        related(fields, "new_owner").queryset = User.objects.filter(school_id=self.school_id())
        return fields


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class DuplicateSerializer(NoteSerializer, _SchoolScoped):
    original = serializers.PrimaryKeyRelatedField(queryset=RepairRequest.objects.none())

    def get_fields(self):
        fields = super().get_fields()
        related(fields, "original").queryset = RepairRequest.objects.filter(
            school_id=self.school_id()
        )
        return fields


class PartSerializer(serializers.Serializer):
    consumable = serializers.PrimaryKeyRelatedField(queryset=Consumable.objects.all())
    quantity = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)


class WorkSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    minutes = serializers.IntegerField(min_value=1, max_value=10000)
    cost = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, default=Decimal(0)
    )
    parts = PartSerializer(many=True, required=False, default=list)
    photo_kind = serializers.ChoiceField(
        choices=[PhotoKind.BEFORE, PhotoKind.AFTER], default=PhotoKind.AFTER
    )
    photos = serializers.ListField(child=PhotoSerializerField(), required=False, max_length=6)

    def validate_parts(self, parts):
        school_id = getattr(self.context["request"].user, "school_id", None)
        for part in parts:
            if part["consumable"].school_id != school_id:
                raise serializers.ValidationError("Invalid pk - object does not exist.")
        # The service takes (consumable, quantity) pairs, as the page's form gives them.
        return [(part["consumable"], part["quantity"]) for part in parts]


class ConfirmSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)
