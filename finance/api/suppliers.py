"""/api/v1/finance/disclosures/: the monthly expenditure disclosure; submit / approve / return
are generated from finance.workflow_disclosure and call the same services as the pages.
(Contracts and evaluations come from their Resource declarations: finance.views.suppliers.)"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from core.api.base import ScopedSerializer, ScopedViewSet
from core.api.workflow import WorkflowActionsMixin
from finance.models import ExpenditureDisclosure
from finance.services import disclosure as services
from finance.views.disclosure import DisclosureFilterSet
from finance.workflow_disclosure import DISCLOSURE_WORKFLOW


class DisclosureSerializer(ScopedSerializer):
    """The disclosure; `content` is what the notice says (frozen once submitted)."""

    class Meta:
        model = ExpenditureDisclosure
        fields = [
            "id",
            "month",
            "status",
            "is_public",
            "content",
            "drafted_by",
            "approved_by",
            "approved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [f for f in fields if f not in ("month", "is_public")]

    def get_validators(self):
        return []  # one per month: the service's sentence


class DisclosureStepSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, default="")


class DisclosureViewSet(WorkflowActionsMixin, ScopedViewSet):
    """Monthly expenditure disclosures (财务公开): drafted by the director, approved by the
    principal (never the drafter)."""

    model = ExpenditureDisclosure
    workflow = DISCLOSURE_WORKFLOW
    step_serializers = {
        "submit": DisclosureStepSerializer,
        "approve": DisclosureStepSerializer,
        "send_back": DisclosureStepSerializer,
    }
    serializer_class = DisclosureSerializer
    filterset_class = DisclosureFilterSet
    ordering_fields = ["month"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.disclosure_draft(
                actor=self.request.user, month=data["month"], is_public=data.get("is_public", False)
            )
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc

    def perform_step(self, transition, obj, data):
        return services.DISCLOSURE_STEPS[transition.name](
            disclosure=obj, actor=self.request.user, **data
        )
