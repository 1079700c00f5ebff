"""/api/v1/finance/quotes/ and orders/: read with the lists' filters; quotes are recorded and
removed, orders placed, through the same services as the pages.

The requests part's viewset (WorkflowActionsMixin) generates `POST requests/<id>/order/`; it
sets `step_serializers = {"order": OrderStepSerializer}` and calls `perform_order(...)` from its
`perform_step` for that transition."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core import access
from core.api.base import ScopedFieldsMixin, ScopedSerializer, ScopedViewSet
from core.models import Supplier, User
from finance import tables_purchasing as t
from finance.models import PurchaseOrder, PurchaseRequest, Quote
from finance.services import purchasing as services


class QuoteSerializer(ScopedSerializer):
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "request",
            "supplier",
            "supplier_name",
            "amount",
            "quoted_on",
            "notes",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class QuoteInputSerializer(ScopedFieldsMixin, serializers.Serializer):
    """A quote to record: the service checks the request, the supplier and the amount."""

    request = serializers.PrimaryKeyRelatedField(queryset=PurchaseRequest.objects.all())
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all())
    # No decimal limit here: the service refuses more than two decimals with its own sentence.
    amount = serializers.DecimalField(max_digits=None, decimal_places=None)
    quoted_on = serializers.DateField(required=False)
    notes = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class PurchaseOrderSerializer(ScopedSerializer):
    request_number = serializers.CharField(source="request.number", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    quote_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = PurchaseOrder
        fields = [
            "id",
            "number",
            "request",
            "request_number",
            "supplier",
            "supplier_name",
            "quote",
            "quote_count",
            "choice_reason",
            "amount",
            "ordered_on",
            "ordered_by",
            "created_at",
        ]
        read_only_fields = fields


class OrderStepSerializer(ScopedFieldsMixin, serializers.Serializer):
    """The body of the request's "order" step: a quote (and why not the lowest), or, below the
    quote threshold, a supplier and amount given directly."""

    quote = serializers.PrimaryKeyRelatedField(
        queryset=Quote.objects.all(), required=False, allow_null=True, default=None
    )
    reason = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)
    supplier = serializers.PrimaryKeyRelatedField(
        queryset=Supplier.objects.all(), required=False, allow_null=True, default=None
    )
    amount = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class OrderInputSerializer(OrderStepSerializer):
    request = serializers.PrimaryKeyRelatedField(queryset=PurchaseRequest.objects.all())


def check_purchaser(user: User) -> None:
    """The role check before the body is read (a teacher's body would otherwise fail on fields
    their role cannot see, a 400 instead of the 403 it is)."""
    if not access.can(user, PurchaseRequest, "purchase"):
        raise PermissionDenied(services.PURCHASERS_ONLY)


def perform_order(
    *, request_obj: PurchaseRequest, actor: User, data: dict[str, Any]
) -> PurchaseOrder:
    """The order step for an API body validated by OrderStepSerializer (refusals reach the
    client through core.api.exceptions: 400 bad data, 403/404/409 a refused step)."""
    return services.order_place(
        request=request_obj,
        actor=actor,
        quote=data.get("quote"),
        reason=data.get("reason", ""),
        supplier=data.get("supplier"),
        amount=data.get("amount"),
        note=data.get("note", ""),
    )


class QuoteViewSet(ScopedViewSet):
    """Quotes of the requests the user sees; POST records one, DELETE removes one (services)."""

    model = Quote
    base_queryset = Quote.objects.select_related("supplier")
    serializer_class = QuoteSerializer
    filterset_class = t.QuoteFilterSet
    ordering_fields = ["amount", "quoted_on", "created_at"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_serializer_class(self):
        return QuoteInputSerializer if self.action == "create" else QuoteSerializer

    def create(self, request, *args, **kwargs):
        check_purchaser(request.user)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        quote = services.quote_add(
            request=data["request"],
            actor=request.user,
            supplier=data["supplier"],
            amount=data["amount"],
            quoted_on=data.get("quoted_on"),
            notes=data.get("notes", ""),
        )
        return Response(QuoteSerializer(quote).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        services.quote_remove(quote=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PurchaseOrderViewSet(ScopedViewSet):
    """Orders of the requests the user sees; POST places one (the request's order step)."""

    model = PurchaseOrder
    base_queryset = t.order_rows().select_related("request", "supplier")
    serializer_class = PurchaseOrderSerializer
    filterset_class = t.PurchaseOrderFilterSet
    ordering_fields = ["ordered_on", "amount", "number"]
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self):
        return OrderInputSerializer if self.action == "create" else PurchaseOrderSerializer

    def create(self, request, *args, **kwargs):
        check_purchaser(request.user)
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        order = perform_order(request_obj=data.pop("request"), actor=request.user, data=data)
        fresh = self.get_queryset().get(pk=order.pk)
        return Response(PurchaseOrderSerializer(fresh).data, status=status.HTTP_201_CREATED)
