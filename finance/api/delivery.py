"""/api/v1/finance/acceptances/ and payments/ (read only: they are made by the request's steps),
and the bodies and handlers of the request's "accept" and "pay" steps.

The requests part's viewset (WorkflowActionsMixin on PurchaseRequest) sets
``step_serializers = {**STEP_SERIALIZERS, ...}`` and, in ``perform_step``, calls
``STEP_HANDLERS[transition.name](request_obj=obj, actor=self.request.user, data=data)`` for
"accept" and "pay" (or ``perform_accept`` / ``perform_pay`` directly).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.base import ScopedFieldsMixin, ScopedSerializer, ScopedViewSet
from core.models import User
from finance import tables_delivery as t
from finance.choices import PaymentMethod
from finance.models import Acceptance, AcceptanceLine, Payment, PurchaseRequest
from finance.services import delivery as services

MAX_LINES = 100


class AcceptanceLineSerializer(ScopedSerializer):
    assets: serializers.PrimaryKeyRelatedField = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )

    class Meta:
        model = AcceptanceLine
        fields = ["id", "item", "quantity", "unit_price", "assets", "stock_slip"]
        read_only_fields = fields


class AcceptanceSerializer(ScopedSerializer):
    lines = AcceptanceLineSerializer(many=True, read_only=True)
    request = serializers.IntegerField(source="order.request_id", read_only=True)

    class Meta:
        model = Acceptance
        fields = [
            "id",
            "order",
            "request",
            "accepted_on",
            "first_acceptor",
            "second_acceptor",
            "invoice_number",
            "invoice_amount",
            "notes",
            "lines",
            "created_at",
        ]
        read_only_fields = fields


class PaymentSerializer(ScopedSerializer):
    request = serializers.IntegerField(source="order.request_id", read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "order",
            "request",
            "amount",
            "paid_on",
            "method",
            "voucher_number",
            "payer",
            "excess_approved_by",
            "notes",
            "archived_at",
            "created_at",
        ]
        read_only_fields = fields


class AcceptanceViewSet(ScopedViewSet):
    """Acceptances with their lines, the asset cards and the stock-in slip each line became."""

    model = Acceptance
    base_queryset = Acceptance.objects.select_related("order").prefetch_related("lines__assets")
    serializer_class = AcceptanceSerializer
    filterset_class = t.AcceptanceFilterSet
    ordering_fields = ["accepted_on", "invoice_amount", "created_at"]
    http_method_names = ["get", "head", "options"]


class PaymentViewSet(ScopedViewSet):
    """Payments of accepted requests (报销/付款)."""

    model = Payment
    base_queryset = Payment.objects.select_related("order")
    serializer_class = PaymentSerializer
    filterset_class = t.PaymentFilterSet
    ordering_fields = ["paid_on", "amount", "created_at"]
    http_method_names = ["get", "head", "options"]


# ---- the request's steps ------------------------------------------------------------------


class AcceptLineInput(serializers.Serializer):
    item = serializers.IntegerField(min_value=1)
    quantity = serializers.DecimalField(max_digits=10, decimal_places=2)
    unit_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )


class AcceptStepSerializer(ScopedFieldsMixin, serializers.Serializer):
    """The body of POST requests/<id>/accept/: the caller is the first acceptor."""

    second_acceptor = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    accepted_on = serializers.DateField(required=False, default=None)
    invoice_number = serializers.CharField(max_length=40)
    invoice_amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, default=None
    )
    invoice_file = serializers.FileField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    lines = AcceptLineInput(many=True, allow_empty=False)

    def validate_lines(self, value):
        if len(value) > MAX_LINES:
            raise serializers.ValidationError(
                _("At most %(n)s lines an acceptance.") % {"n": MAX_LINES}
            )
        return value


class PayStepSerializer(serializers.Serializer):
    """The body of POST requests/<id>/pay/: the caller is the payer."""

    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    paid_on = serializers.DateField(required=False, default=None)
    method = serializers.ChoiceField(choices=PaymentMethod.choices, default=PaymentMethod.TRANSFER)
    voucher_number = serializers.CharField(max_length=40)
    notes = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


def _lines(request_obj: PurchaseRequest, rows: list[dict]) -> list[services.LineInput]:
    items = {item.pk: item for item in request_obj.items.all()}
    lines = []
    for row in rows:
        item = items.get(row["item"])
        if item is None:
            raise ValidationError({"lines": _("An item is not one of this request's.")})
        lines.append(services.LineInput(item, row["quantity"], row.get("unit_price")))
    return lines


def perform_accept(*, request_obj: PurchaseRequest, actor: User, data: dict) -> PurchaseRequest:
    """The "accept" step of the API: the same service as the page."""
    services.acceptance_record(
        request=request_obj,
        actor=actor,
        second_acceptor=data["second_acceptor"],
        lines=_lines(request_obj, data["lines"]),
        invoice_number=data["invoice_number"],
        invoice_amount=data.get("invoice_amount"),
        invoice_file=data.get("invoice_file"),
        accepted_on=data.get("accepted_on"),
        notes=data.get("notes", ""),
    )
    return PurchaseRequest.objects.get(pk=request_obj.pk)


def perform_pay(*, request_obj: PurchaseRequest, actor: User, data: dict) -> PurchaseRequest:
    """The "pay" step of the API: the same service as the page."""
    services.payment_record(
        request=request_obj,
        actor=actor,
        amount=data["amount"],
        voucher_number=data["voucher_number"],
        method=data.get("method", PaymentMethod.TRANSFER),
        paid_on=data.get("paid_on"),
        notes=data.get("notes", ""),
    )
    return PurchaseRequest.objects.get(pk=request_obj.pk)


STEP_SERIALIZERS: dict[str, type[serializers.Serializer]] = {
    "accept": AcceptStepSerializer,
    "pay": PayStepSerializer,
}
STEP_HANDLERS = {"accept": perform_accept, "pay": perform_pay}
