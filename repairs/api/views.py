"""/api/v1/repairs/requests/ (+ workflow actions) and /api/v1/repairs/room-status/.

The workflow actions (accept, assign, hand-over, ...) are generated from repairs.workflow and call
the same services as the HTML pages; refusals and errors have the one body of core.api.exceptions.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core import access
from core.api.base import ScopedViewSet
from core.api.workflow import WorkflowActionsMixin
from repairs import services
from repairs.api import serializers as s
from repairs.choices import Source
from repairs.filters import RepairRequestFilterSet
from repairs.models import PublicRepairRequest, RepairEvent, RepairRequest
from repairs.workflow import REPAIR_WORKFLOW

SELECTED = ("room__building", "reporter", "owner", "assignee", "duplicate_of")


class RepairRequestViewSet(WorkflowActionsMixin, ScopedViewSet):
    model = RepairRequest
    workflow = REPAIR_WORKFLOW
    step_serializers = {
        "accept": s.AcceptSerializer,
        "assign": s.AssignSerializer,
        "hand_over": s.HandOverSerializer,
        "reject": s.RejectSerializer,
        "duplicate": s.DuplicateSerializer,
        "start": s.NoteSerializer,
        "work": s.WorkSerializer,
        "finish": s.NoteSerializer,
        "confirm": s.ConfirmSerializer,
        "reopen": s.ReopenSerializer,
    }
    serializer_class = s.RepairRequestSerializer
    filterset_class = RepairRequestFilterSet
    ordering_fields = ["created_at", "finish_due_at", "priority", "status", "number"]
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    base_queryset = RepairRequest.objects.select_related(*SELECTED)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.order_by("-created_at", "-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return s.FileSerializer
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        if request.user.school_id is None:
            raise PermissionDenied("Only members of a school can file repair requests.")
        serializer = s.FileSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        filed = services.repair_request_create(
            school=request.user.school,
            reporter=request.user,
            category=data["category"],
            description=data["description"],
            urgency=data["priority"],
            room=data.get("room"),
            asset=data.get("asset"),
            photos=data.get("photos", []),
            on_behalf_of=data.get("on_behalf_of"),
            client_token=data.get("client_token"),
            source=Source.API,
        )
        return Response(
            s.RepairRequestSerializer(filed, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    def perform_step(self, transition, obj, data):
        return services.STEP_SERVICES[transition.name](request=obj, actor=self.request.user, **data)

    def step_response(self, obj):
        result = RepairRequest.objects.select_related(*SELECTED).get(pk=obj.pk)
        return Response(s.RepairRequestSerializer(result, context={"request": self.request}).data)

    @extend_schema(responses=s.RepairEventSerializer(many=True))
    @action(detail=True, methods=["get"])
    def events(self, request, pk=None):
        obj = self.get_object()
        events = RepairEvent.objects.filter(request=obj).select_related("actor")
        return Response(s.RepairEventSerializer(events, many=True).data)


ROOM_PARAMETER = OpenApiParameter("room", int, required=True, description="The room's id.")


@extend_schema_view(
    list=extend_schema(parameters=[ROOM_PARAMETER]),
    retrieve=extend_schema(parameters=[ROOM_PARAMETER]),
)
class PublicRepairRequestViewSet(ScopedViewSet):
    """GET /api/v1/repairs/room-status/?room=<pk>: a room's requests, status only."""

    model = PublicRepairRequest
    serializer_class = s.PublicRepairRequestSerializer
    filter_backends: list = []
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return PublicRepairRequest.objects.none()
        room = self.request.query_params.get("room", "")
        if not room.isdigit():
            raise ValidationError({"room": "Give the room's id: ?room=<id>."})
        return (
            access.scope(self.request.user, PublicRepairRequest)
            .filter(room_id=int(room))
            .order_by("-created_at", "-pk")
        )
