"""/api/v1/canteen/deliveries/, ledger/, disclosures/ (+ diners/, income/ from their resources):
the same filters as the lists, the same services as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from canteen import acceptance_tables as t
from canteen.models import CostDisclosure, Delivery, DeliveryDocument, DeliveryLine
from canteen.models.acceptance import DocumentKind, GoodsCategory, LineResult, RefusedAction
from canteen.services import acceptance as services
from canteen.workflow_acceptance import DISCLOSURE_WORKFLOW
from core.api.base import ScopedFieldsMixin, ScopedSerializer, ScopedViewSet
from core.api.workflow import WorkflowActionsMixin
from core.models import Supplier, User

MAX_LINES = 40


def _run(fn, **kwargs):
    """A service's refusal as a 400 with its fields (core.api.exceptions gives the one body)."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        ) from exc


class DeliveryLineSerializer(ScopedSerializer):
    # "" for accepted goods: a plain string in the schema, not the enum of the refused ones.
    refused_action = serializers.CharField(read_only=True)

    class Meta:
        model = DeliveryLine
        fields = [
            "id",
            "delivery",
            "product",
            "category",
            "specification",
            "quantity",
            "unit",
            "unit_price",
            "amount",
            "batch",
            "production_date",
            "shelf_life_days",
            "expiry_date",
            "sensory_ok",
            "result",
            "refusal_reason",
            "refused_action",
        ]
        read_only_fields = fields


class DeliveryDocumentSerializer(ScopedSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = DeliveryDocument
        fields = ["id", "kind", "url"]
        read_only_fields = fields


class DeliverySerializer(ScopedSerializer):
    lines = DeliveryLineSerializer(many=True, read_only=True)
    documents = DeliveryDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "date",
            "supplier",
            "acceptor",
            "second_acceptor",
            "is_bulk",
            "keep_until",
            "recorded_by",
            "notes",
            "lines",
            "documents",
            "archived_at",
            "created_at",
        ]
        read_only_fields = fields


class LineInputSerializer(serializers.Serializer):
    product = serializers.CharField(max_length=60)
    category = serializers.ChoiceField(choices=GoodsCategory.choices)
    specification = serializers.CharField(max_length=60, required=False, default="")
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    unit = serializers.CharField(max_length=10)
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2)
    batch = serializers.CharField(max_length=40, required=False, default="")
    production_date = serializers.DateField()
    shelf_life_days = serializers.IntegerField(min_value=1, max_value=3650)
    sensory_ok = serializers.BooleanField(default=True)
    result = serializers.ChoiceField(choices=LineResult.choices)
    refusal_reason = serializers.CharField(max_length=200, required=False, default="")
    refused_action = serializers.ChoiceField(
        choices=RefusedAction.choices, required=False, allow_blank=True, default=""
    )


class DeliveryInputSerializer(ScopedFieldsMixin, serializers.Serializer):
    date = serializers.DateField()
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all())
    acceptor = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    second_acceptor = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(max_length=200, required=False, default="")
    lines = LineInputSerializer(many=True, allow_empty=False)

    def validate_lines(self, value):
        if len(value) > MAX_LINES:
            raise serializers.ValidationError(
                _("At most %(n)s products a delivery.") % {"n": MAX_LINES}
            )
        return value


class DocumentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField()


class DeliveryViewSet(ScopedViewSet):
    """Deliveries with their lines and documents; created by the acceptance service (nothing
    half-saved), never changed; DELETE archives, refused while the law says keep it."""

    model = Delivery
    base_queryset = Delivery.objects.prefetch_related("lines", "documents")
    serializer_class = DeliverySerializer
    filterset_class = t.DeliveryFilterSet
    ordering_fields = ["date", "created_at"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_serializer_class(self):
        if self.action == "create":
            return DeliveryInputSerializer
        if self.action == "documents":
            return DocumentInputSerializer
        return super().get_serializer_class()

    def access_action(self) -> str:
        return "add" if self.action == "documents" else super().access_action()

    @extend_schema(request=DeliveryInputSerializer, responses={201: DeliverySerializer})
    def create(self, request, *args, **kwargs):
        if request.user.school_id is None:
            raise PermissionDenied(_("Only members of a school can add its records."))
        body = DeliveryInputSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        delivery = _run(
            services.delivery_record,
            actor=request.user,
            date=data["date"],
            supplier=data["supplier"],
            acceptor=data["acceptor"],
            second_acceptor=data.get("second_acceptor"),
            lines=[services.LineInput(**line) for line in data["lines"]],
            notes=data.get("notes", ""),
        )
        fresh = self.get_queryset().get(pk=delivery.pk)
        return Response(
            DeliverySerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def perform_destroy(self, instance):
        _run(services.delivery_archive, delivery=instance, actor=self.request.user)

    @extend_schema(request=DocumentInputSerializer, responses={201: DeliverySerializer})
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        """Attach a certificate or invoice (a photo or a PDF) to the delivery."""
        delivery = self.get_object()
        body = DocumentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        _run(
            services.delivery_attach,
            delivery=delivery,
            actor=request.user,
            document=services.DocumentInput(
                body.validated_data["kind"], body.validated_data["file"]
            ),
        )
        fresh = self.get_queryset().get(pk=delivery.pk)
        return Response(
            DeliverySerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


class LedgerViewSet(ScopedViewSet):
    """The acceptance ledger (进货查验台账), one row per product: read only."""

    model = DeliveryLine
    serializer_class = DeliveryLineSerializer
    filterset_class = t.LedgerFilterSet
    ordering_fields = ["delivery__date", "expiry_date", "amount"]
    http_method_names = ["get", "head", "options"]


class CostDisclosureSerializer(ScopedSerializer):
    class Meta:
        model = CostDisclosure
        fields = [
            "id",
            "month",
            "status",
            "income",
            "food_cost",
            "balance",
            "meals_served",
            "cost_per_meal",
            "notes",
            "drafted_by",
            "approved_by",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in ("month", "notes")]

    def validate_month(self, value):
        return services.month_start(value)  # any day of the month names it


class StepNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, default="")


class CostDisclosureViewSet(WorkflowActionsMixin, ScopedViewSet):
    """Monthly meal-cost disclosures; submit / approve / send_back are generated from
    canteen.workflow_acceptance and call the same services as the page."""

    model = CostDisclosure
    workflow = DISCLOSURE_WORKFLOW
    step_serializers = {
        "submit": StepNoteSerializer,
        "approve": StepNoteSerializer,
        "send_back": StepNoteSerializer,
    }
    serializer_class = CostDisclosureSerializer
    filterset_class = t.CostDisclosureFilterSet
    ordering_fields = ["month"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = _run(
            services.disclosure_draft,
            actor=self.request.user,
            month=data["month"],
            notes=data.get("notes", ""),
        )

    def perform_step(self, transition, obj, data):
        return services.DISCLOSURE_STEPS[transition.name](
            disclosure=obj, actor=self.request.user, **data
        )
