"""/api/v1/safety/...: the same filters as the lists, the same services as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.base import ScopedViewSet
from core.api.workflow import WorkflowActionsMixin
from safety import filters, services
from safety.api import serializers
from safety.models import (
    Hazard,
    InspectionAnswer,
    InspectionTask,
)
from safety.workflow import HAZARD_WORKFLOW

# Steps that need nothing but the row (their documented body is empty, not the viewset's record).
NO_BODY = extend_schema(request=None)


def _run(fn, **kwargs):
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise ValidationError({"detail": exc.messages}) from exc


# The checklist and fire-equipment resources' viewsets (generated in safety/views/) subclass
# these: no docstring, it would become every operation's description in the API schema.
class TemplateActions(ScopedViewSet):
    @NO_BODY
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        template = _run(services.template_activate, template=self.get_object(), actor=request.user)
        return Response(self.get_serializer(template).data)


@extend_schema_view(create=extend_schema(exclude=True))  # always 405: not an operation
class InspectionTaskViewSet(ScopedViewSet):
    model = InspectionTask
    base_queryset = InspectionTask.objects.prefetch_related("answers")
    serializer_class = serializers.InspectionTaskSerializer
    filterset_class = filters.InspectionTaskFilterSet
    ordering_fields = ["due_date", "due_by"]
    http_method_names = ["get", "patch", "post", "head", "options"]

    def access_action(self) -> str:
        return "view" if self.action == "answer" else super().access_action()

    def create(self, request, *args, **kwargs):
        return Response(
            {"detail": "Rounds are generated, never typed."},
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )

    @extend_schema(
        request=serializers.AnswerInputSerializer,
        responses={201: serializers.InspectionAnswerSerializer},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        task = self.get_object()
        data = serializers.AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = get_object_or_404(task.template.items.all(), pk=data.validated_data["item"])
        answer = _run(
            services.inspection_answer,
            task=task,
            item=item,
            result=data.validated_data["result"],
            note=data.validated_data["note"],
            photo=data.validated_data.get("photo"),
            actor=request.user,
        )
        return Response(
            serializers.InspectionAnswerSerializer(answer, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class InspectionAnswerViewSet(ScopedViewSet):
    model = InspectionAnswer
    base_queryset = InspectionAnswer.objects.all()
    serializer_class = serializers.InspectionAnswerSerializer
    filterset_class = filters.InspectionAnswerFilterSet
    ordering_fields = ["created_at"]
    http_method_names = ["get", "head", "options"]


class HazardViewSet(WorkflowActionsMixin, ScopedViewSet):
    """Hazards; their steps (escalate, assign, handle, accept, reject, open-repair) are generated
    from safety.workflow and call the same services as the page."""

    model = Hazard
    workflow = HAZARD_WORKFLOW
    step_serializers = {
        "assign": serializers.HazardAssignSerializer,
        "handle": serializers.HazardNoteSerializer,
        "reject": serializers.HazardRejectSerializer,
        "open_repair": serializers.HazardRepairSerializer,
    }
    serializer_class = serializers.HazardSerializer
    filterset_class = filters.HazardFilterSet
    ordering_fields = ["severity", "deadline", "created_at"]

    def access_action(self) -> str:
        if self.action == "create":
            return "report"  # anyone of the school may report a hazard
        return super().access_action()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.hazard_report(
            school=self.request.user.school,
            reporter=self.request.user,
            description=data.get("description", ""),
            severity=data.get("severity", 1),
            room=data.get("room"),
            building=data.get("building"),
            location_note=data.get("location_note", ""),
            photo=data.get("photo"),
        )

    def perform_update(self, serializer):
        serializer.save()  # the photo was cleaned by its field (core.uploads.PhotoSerializerField)

    def perform_step(self, transition, obj, data):
        return services.STEP_SERVICES[transition.name](hazard=obj, actor=self.request.user, **data)


class EquipmentActions(ScopedViewSet):
    @extend_schema(request=serializers.FireCheckInputSerializer)
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        data = serializers.FireCheckInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        equipment = self.get_object()
        _run(
            services.fire_equipment_check,
            equipment=equipment,
            actor=request.user,
            **data.validated_data,
        )
        equipment.refresh_from_db()
        return Response(self.get_serializer(equipment).data)


# The visitor resource's viewset (generated in safety/views/) subclasses this: no docstring,
# it would become every visitor operation's description in the API schema.
class VisitorActions(ScopedViewSet):
    @NO_BODY
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, pk=None):
        visitor = _run(services.visitor_check_out, visitor=self.get_object(), actor=request.user)
        return Response(self.get_serializer(visitor).data)


# The checklist, checklist item, fire equipment, drill, duty roster and duty shift viewsets are
# generated from their resources (safety/views/).
