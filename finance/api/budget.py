"""/api/v1/finance/budget-years/, budget-lines/ (from their resources), adjustments/ (with the
approve and reject steps as actions) and execution/ (read): the same services as the pages."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from core.api.base import ScopedSerializer, ScopedViewSet
from core.api.workflow import WorkflowActionsMixin
from finance import tables_budget as t
from finance.filters_budget import BudgetAdjustmentFilterSet, ExecutionFilterSet
from finance.forms_budget import open_lines
from finance.models import BudgetAdjustment, BudgetLine
from finance.services import budgeting
from finance.workflow_budget import ADJUSTMENT_WORKFLOW


class AdjustmentSerializer(ScopedSerializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))

    class Meta:
        model = BudgetAdjustment
        fields = [
            "id",
            "from_line",
            "to_line",
            "amount",
            "reason",
            "status",
            "requested_by",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "requested_by",
            "decided_by",
            "decided_at",
            "decision_note",
            "created_at",
        ]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            for name in ("from_line", "to_line"):
                field = fields[name]
                assert isinstance(field, serializers.PrimaryKeyRelatedField)
                field.queryset = open_lines(request.user)
        return fields

    def validate(self, attrs):
        return attrs  # the service checks the pair, the year and the money (one place)


class AdjustmentDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AdjustmentViewSet(WorkflowActionsMixin, ScopedViewSet):
    """Adjustments are asked for (POST) and decided through their steps; never edited."""

    model = BudgetAdjustment
    base_queryset = BudgetAdjustment.objects.select_related("from_line", "to_line")
    serializer_class = AdjustmentSerializer
    filterset_class = BudgetAdjustmentFilterSet
    ordering_fields = ["created_at", "amount"]
    http_method_names = ["get", "post", "head", "options"]
    workflow = ADJUSTMENT_WORKFLOW
    step_serializers = {
        "approve": AdjustmentDecisionSerializer,
        "reject": AdjustmentDecisionSerializer,
    }

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = budgeting.adjustment_request(
            actor=self.request.user,
            from_line=data["from_line"],
            to_line=data["to_line"],
            amount=data["amount"],
            reason=data["reason"],
        )

    def perform_step(self, transition, obj, data):
        return budgeting.ADJUSTMENT_STEPS[transition.name](
            adjustment=obj, actor=self.request.user, note=data.get("note", "")
        )


class ExecutionSerializer(ScopedSerializer):
    year = serializers.IntegerField(source="budget_year.year", read_only=True)
    department_name = serializers.CharField(
        source="department.name", read_only=True, default=None, allow_null=True
    )
    available = serializers.DecimalField(
        source="available_amount", max_digits=12, decimal_places=2, read_only=True
    )
    execution_rate = serializers.DecimalField(
        source="rate", max_digits=7, decimal_places=1, read_only=True, allow_null=True
    )

    class Meta:
        model = BudgetLine
        fields = [
            "id",
            "year",
            "category",
            "department",
            "department_name",
            "name",
            "control",
            "amount",
            "committed",
            "spent",
            "available",
            "execution_rate",
        ]
        read_only_fields = fields


class ExecutionViewSet(ScopedViewSet):
    """Budget execution per line (read only), filtered by year, department and category."""

    model = BudgetLine
    base_queryset = t.line_rows().filter(archived_at__isnull=True)
    serializer_class = ExecutionSerializer
    filterset_class = ExecutionFilterSet
    ordering_fields = ["amount", "spent", "name"]
    http_method_names = ["get", "head", "options"]
