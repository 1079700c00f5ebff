from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from assets import services
from assets.models import AssetMovement, DisposalRequest, Stocktake
from core.api.base import ScopedFieldsMixin, ScopedSerializer
from core.models import User

COMMON = ["id", "created_at", "updated_at"]


def as_drf(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


# Base of the AssetSerializer the asset resource generates (assets/views/cards.py): its field list,
# its read-only fields and the fields an update ignores come from that declaration.
class AssetFields(ScopedSerializer):
    code = serializers.CharField(max_length=40, required=False, allow_blank=True)
    category_code = serializers.CharField(source="category.code", read_only=True)
    amount = serializers.DecimalField(
        source="total_amount", max_digits=14, decimal_places=2, read_only=True
    )
    accumulated_depreciation = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True
    )
    net_value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    durable_batch = serializers.BooleanField(write_only=True, required=False, default=False)
    # Read-only status codes as plain strings (one enum per choice set in the OpenAPI schema).
    status = serializers.CharField(read_only=True, help_text="AssetStatus code")

    def validate(self, attrs):
        batch = attrs.pop("durable_batch", False)
        attrs = super().validate(attrs)
        if self.instance is None:
            errors = services.validate_asset_values(
                school=self.context["request"].user.school,
                category=attrs.get("category"),
                unit_price=attrs.get("unit_price"),
                quantity=attrs.get("quantity", 1),
                purchase_date=attrs.get("purchase_date"),
                warranty_end=attrs.get("warranty_end"),
            )
            if errors:
                raise ValidationError(errors)
            attrs["durable_batch"] = batch  # for services.asset_create (a card's fixed facts)
        return attrs


class MovementSerializer(ScopedSerializer):
    asset_code = serializers.CharField(source="asset.code", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="MovementKind code")
    status_before = serializers.CharField(read_only=True, help_text="AssetStatus code")
    status_after = serializers.CharField(read_only=True, help_text="AssetStatus code")

    class Meta:
        model = AssetMovement
        fields = [
            *COMMON,
            "asset",
            "asset_code",
            "kind",
            "date",
            "actor",
            "from_room",
            "to_room",
            "from_custodian",
            "to_custodian",
            "to_class",
            "status_before",
            "status_after",
            "due_date",
            "returned",
            "reason",
        ]
        read_only_fields = fields


class MoveSerializer(ScopedFieldsMixin, serializers.Serializer):
    """Body of the movement actions on /assets/<id>/<kind>/."""

    to_custodian = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.none(), required=False, allow_null=True
    )
    to_class = serializers.IntegerField(required=False, allow_null=True)
    to_room = serializers.IntegerField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


# Base of the ConsumableSerializer the consumable resource generates (assets/views/stock.py).
class ConsumableFields(ScopedSerializer):
    below_reorder_level = serializers.BooleanField(read_only=True)


class StocktakeSerializer(ScopedSerializer):
    status = serializers.CharField(read_only=True, help_text="StocktakeStatus code")

    def validate(self, attrs):
        rooms = attrs.pop("rooms", None)  # many-to-many: not set on the unsaved instance
        attrs = super().validate(attrs)
        if rooms is not None:
            attrs["rooms"] = rooms
        return attrs

    class Meta:
        model = Stocktake
        fields = [
            *COMMON,
            "title",
            "rooms",
            "whole_school",
            "status",
            "started_by",
            "started_on",
            "confirmed_by",
            "confirmed_at",
        ]
        read_only_fields = [
            "whole_school",
            "status",
            "started_by",
            "started_on",
            "confirmed_by",
            "confirmed_at",
        ]


class DisposalRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisposalRequest
        fields = [
            "id",
            "asset",
            "reason",
            "requested_by",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class DisposeSerializer(serializers.Serializer):
    """Body of /assets/<id>/dispose/: a disposal request needs a reason."""

    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class DisposalResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="DisposalStatus code")


class SlipInputSerializer(serializers.Serializer):
    """Body of /consumables/<id>/stock-in/ and /issue/: one line of a slip."""

    quantity = serializers.DecimalField(max_digits=12, decimal_places=2)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class SlipResultSerializer(serializers.Serializer):
    slip = serializers.CharField(help_text="The slip's number.")
    quantity_on_hand = serializers.DecimalField(max_digits=12, decimal_places=2)


class MarkSerializer(serializers.Serializer):
    """Body of /stocktakes/<id>/mark/: {"line", "result"} marks a line; {"room", "asset_code"}
    or {"room", "description"} records a surplus found in the room."""

    line = serializers.IntegerField(required=False, allow_null=True, default=None)
    result = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    room = serializers.IntegerField(required=False, allow_null=True, default=None)
    asset_code = serializers.CharField(required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs["line"] is None and attrs["room"] is None:
            raise ValidationError({"line": [_("Give the line to mark, or the room of a surplus.")]})
        return attrs


class MarkResultSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    result = serializers.CharField(help_text="StocktakeResult code")


class ConfirmResultSerializer(serializers.Serializer):
    status = serializers.CharField()
    movements = serializers.IntegerField(help_text="Movements written to the ledger.")
