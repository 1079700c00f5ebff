"""/api/v1/safety/...: the same filters as the lists, the same services as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers as drf_serializers
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core import access
from core.api.base import ScopedViewSet
from core.models import Room, User
from core.uploads import shrink_photo
from safety import filters, services
from safety.api import serializers
from safety.models import (
    Drill,
    DutyRoster,
    DutyShift,
    FireEquipment,
    Hazard,
    InspectionAnswer,
    InspectionTask,
    InspectionTemplate,
    TemplateItem,
    Visitor,
)

# Steps that need nothing but the row; each action's documented body (not the viewset's record).
NO_BODY = extend_schema(request=None)
REJECT_BODY = inline_serializer(
    "HazardRejectInput", {"reason": drf_serializers.CharField(required=False, allow_blank=True)}
)


def _run(fn, **kwargs):
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise ValidationError({"detail": exc.messages}) from exc


class InspectionTemplateViewSet(ScopedViewSet):
    model = InspectionTemplate
    serializer_class = serializers.InspectionTemplateSerializer
    filterset_class = filters.InspectionTemplateFilterSet
    ordering_fields = ["name"]

    @NO_BODY
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        template = _run(services.template_activate, template=self.get_object(), actor=request.user)
        return Response(self.get_serializer(template).data)


class TemplateItemViewSet(ScopedViewSet):
    model = TemplateItem
    base_queryset = TemplateItem.objects.select_related("template")
    serializer_class = serializers.TemplateItemSerializer
    filterset_class = filters.TemplateItemFilterSet
    ordering_fields = ["position"]

    def perform_create(self, serializer):
        serializer.save(school=self.request.user.school)


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


class HazardViewSet(ScopedViewSet):
    model = Hazard
    serializer_class = serializers.HazardSerializer
    filterset_class = filters.HazardFilterSet
    ordering_fields = ["severity", "deadline", "created_at"]
    STEPS = {
        "open_repair": "view",
        "escalate": "view",
        "assign": "assign",
        "handle": "view",
        "accept": "accept",
        "reject": "accept",
    }

    def access_action(self) -> str:
        if self.action == "create":
            return "report"  # anyone of the school may report a hazard
        if self.action in self.STEPS:
            return "view"  # the service decides who may take each step
        return super().access_action()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = _run(
            services.hazard_report,
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
        photo = serializer.validated_data.get("photo")
        serializer.save(**({"photo": shrink_photo(photo)} if photo else {}))

    def _step(self, fn, **kwargs):
        hazard = _run(fn, hazard=self.get_object(), actor=self.request.user, **kwargs)
        return Response(self.get_serializer(hazard).data)

    @NO_BODY
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        return self._step(services.hazard_escalate)

    @extend_schema(request=serializers.HazardAssignSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        data = serializers.HazardAssignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hazard = self.get_object()
        responsible = get_object_or_404(
            User, pk=data.validated_data["responsible"], school_id=hazard.school_id
        )
        return self._step(
            services.hazard_assign,
            responsible=responsible,
            deadline=data.validated_data["deadline"],
            severity=data.validated_data.get("severity"),
        )

    @extend_schema(request=serializers.HazardNoteSerializer)
    @action(detail=True, methods=["post"])
    def handle(self, request, pk=None):
        data = serializers.HazardNoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._step(
            services.hazard_handle,
            note=data.validated_data["note"],
            photo=data.validated_data.get("photo"),
        )

    @NO_BODY
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(services.hazard_accept)

    @extend_schema(request=serializers.HazardRepairSerializer)
    @action(detail=True, methods=["post"], url_path="open-repair")
    def open_repair(self, request, pk=None):
        data = serializers.HazardRepairSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hazard = self.get_object()
        room = None
        if data.validated_data["room"]:
            room = get_object_or_404(
                access.scope(request.user, Room),
                pk=data.validated_data["room"],
                school_id=hazard.school_id,
            )
        return self._step(
            services.hazard_open_repair,
            category=data.validated_data["category"],
            urgency=data.validated_data["urgency"],
            room=room,
        )

    @extend_schema(request=REJECT_BODY)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._step(services.hazard_reject, reason=str(request.data.get("reason", "")))


class FireEquipmentViewSet(ScopedViewSet):
    model = FireEquipment
    base_queryset = FireEquipment.objects.select_related("room")
    serializer_class = serializers.FireEquipmentSerializer
    filterset_class = filters.FireEquipmentFilterSet
    ordering_fields = ["next_service_date", "expiry_date", "code"]

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


class DrillViewSet(ScopedViewSet):
    model = Drill
    serializer_class = serializers.DrillSerializer
    filterset_class = filters.DrillFilterSet
    ordering_fields = ["date"]

    def _shrunk(self, serializer) -> dict:
        photo = serializer.validated_data.get("photo")
        return {"photo": shrink_photo(photo)} if photo else {}

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save(school=self.request.user.school, **self._shrunk(serializer))

    def perform_update(self, serializer):
        serializer.save(**self._shrunk(serializer))


class VisitorViewSet(ScopedViewSet):
    model = Visitor
    serializer_class = serializers.VisitorSerializer
    filterset_class = filters.VisitorFilterSet
    ordering_fields = ["time_in"]

    @NO_BODY
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request, pk=None):
        visitor = _run(services.visitor_check_out, visitor=self.get_object(), actor=request.user)
        return Response(self.get_serializer(visitor).data)


class DutyRosterViewSet(ScopedViewSet):
    model = DutyRoster
    serializer_class = serializers.DutyRosterSerializer
    filterset_class = filters.DutyRosterFilterSet
    ordering_fields = ["start"]


class DutyShiftViewSet(ScopedViewSet):
    model = DutyShift
    serializer_class = serializers.DutyShiftSerializer
    filterset_class = filters.DutyShiftFilterSet
    ordering_fields = ["date"]
