"""/api/v1/finance/requests/: purchase requests with their items nested; the steps (submit,
approve, reject, return, cancel) are actions generated from finance.workflow and call the same
services as the pages; refusals have the one error body of core.api.exceptions."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.base import ScopedViewSet
from core.api.workflow import WorkflowActionsMixin
from finance.api.delivery import STEP_HANDLERS as DELIVERY_STEP_HANDLERS
from finance.api.delivery import STEP_SERIALIZERS as DELIVERY_STEP_SERIALIZERS
from finance.api.purchasing import OrderStepSerializer, perform_order
from finance.choices import GoodsKind
from finance.filters_requests import PurchaseRequestFilterSet
from finance.models import Approval, PurchaseItem, PurchaseRequest
from finance.services import requests as services
from finance.workflow import PURCHASE_WORKFLOW

OWN_STEPS = ("submit", "approve", "reject", "send_back", "cancel")


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PurchaseItem
        fields = [
            "id",
            "position",
            "name",
            "specification",
            "quantity",
            "unit",
            "unit_price",
            "amount",
        ]
        read_only_fields = fields


class ApprovalSerializer(serializers.ModelSerializer):
    approver_name = serializers.CharField(source="approver.__str__", read_only=True)

    class Meta:
        model = Approval
        fields = [
            "id",
            "round",
            "level",
            "decision",
            "approver",
            "approver_name",
            "comment",
            "decided_at",
            "meeting_date",
            "attendees",
        ]
        read_only_fields = fields


class PurchaseRequestSerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)
    approvals = ApprovalSerializer(many=True, read_only=True)
    # The tier it waits for (head, director, principal, collective); "" when it waits for none.
    level = serializers.CharField(read_only=True)

    class Meta:
        model = PurchaseRequest
        fields = [
            "id",
            "number",
            "title",
            "requested_by",
            "department",
            "budget_line",
            "kind",
            "reason",
            "needed_by",
            "status",
            "amount",
            "levels",
            "level",
            "round",
            "submitted_at",
            "approved_at",
            "committed",
            "spent",
            "method",
            "needs_public_procurement",
            "items",
            "approvals",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ItemInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    specification = serializers.CharField(max_length=200, required=False, allow_blank=True)
    # Bounds and decimals are the service's (one sentence naming the item), not the field's.
    quantity = serializers.DecimalField(max_digits=14, decimal_places=6)
    unit = serializers.CharField(max_length=10)
    unit_price = serializers.DecimalField(max_digits=16, decimal_places=6)

    def item(self, data) -> services.ItemInput:
        return services.ItemInput(
            name=data["name"],
            specification=data.get("specification", ""),
            quantity=data["quantity"],
            unit=data["unit"],
            unit_price=data["unit_price"],
        )


class RequestInputSerializer(serializers.Serializer):
    """The body of POST (a new draft) and PUT/PATCH (a draft rewritten, items and all)."""

    title = serializers.CharField(max_length=100)
    reason = serializers.CharField()
    budget_line = serializers.IntegerField(allow_null=True)
    department = serializers.IntegerField(required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=GoodsKind.choices, default=GoodsKind.GOODS)
    needed_by = serializers.DateField(required=False, allow_null=True)
    items = ItemInputSerializer(many=True)

    def request_input(self) -> services.RequestInput:
        data = self.validated_data
        return services.RequestInput(
            title=data["title"],
            reason=data["reason"],
            budget_line_id=data["budget_line"],
            department_id=data.get("department"),
            kind=data["kind"],
            needed_by=data.get("needed_by"),
            items=[ItemInputSerializer().item(item) for item in data["items"]],
        )


class StepSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


class ApproveSerializer(StepSerializer):
    meeting_date = serializers.DateField(required=False, allow_null=True)
    attendees = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    minutes = serializers.FileField(required=False)


class PurchaseRequestViewSet(WorkflowActionsMixin, ScopedViewSet):
    model = PurchaseRequest
    workflow = PURCHASE_WORKFLOW
    step_serializers = {
        "submit": StepSerializer,
        "approve": ApproveSerializer,
        "reject": StepSerializer,
        "send_back": StepSerializer,
        "cancel": StepSerializer,
        "order": OrderStepSerializer,  # finance.api.purchasing
        **DELIVERY_STEP_SERIALIZERS,  # accept, pay: finance.api.delivery
    }
    serializer_class = PurchaseRequestSerializer
    filterset_class = PurchaseRequestFilterSet
    ordering_fields = ["created_at", "amount", "status", "number", "submitted_at", "approved_at"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    base_queryset = PurchaseRequest.objects.prefetch_related("items", "approvals__approver")

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "-pk")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return RequestInputSerializer
        return super().get_serializer_class()

    def _answer(self, row: PurchaseRequest, code=status.HTTP_200_OK) -> Response:
        fresh = self.base_queryset.get(pk=row.pk)
        return Response(PurchaseRequestSerializer(fresh).data, status=code)

    def create(self, request, *args, **kwargs):
        if request.user.school_id is None:
            raise PermissionDenied(_("Only members of a school can request purchases."))
        body = RequestInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        made = services.request_create(actor=request.user, data=body.request_input())
        return self._answer(made, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        row = self.get_object()
        body = RequestInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        changed = services.request_update(
            request=row, actor=request.user, data=body.request_input()
        )
        return self._answer(changed)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    def perform_step(self, transition, obj, data):
        if transition.name == "order":
            perform_order(request_obj=obj, actor=self.request.user, data=data)
            return PurchaseRequest.objects.get(pk=obj.pk)
        if transition.name in DELIVERY_STEP_HANDLERS:
            DELIVERY_STEP_HANDLERS[transition.name](
                request_obj=obj, actor=self.request.user, data=data
            )
            return PurchaseRequest.objects.get(pk=obj.pk)
        if transition.name not in OWN_STEPS:
            from core.workflow import TransitionRefused

            raise TransitionRefused(
                _("This step is taken on its own page."), code="elsewhere", status_code=409
            )
        if transition.name == "approve":
            meeting = None
            if data.get("meeting_date") or data.get("minutes") or data.get("attendees"):
                meeting = services.Meeting(
                    date=data.get("meeting_date"),
                    attendees=data.get("attendees", ""),
                    minutes=data.get("minutes"),
                )
            return services.request_approve(
                request=obj, actor=self.request.user, note=data.get("note", ""), meeting=meeting
            )
        return services.STEP_SERVICES[transition.name](
            request=obj, actor=self.request.user, note=data.get("note", "")
        )

    def step_response(self, obj):
        response = self._answer(obj)
        warning = getattr(obj, "budget_warning", "")
        if warning:
            response.data["budget_warning"] = warning
        return response
