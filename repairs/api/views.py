"""/api/v1/repairs/requests/ (+ workflow actions) and /api/v1/repairs/room-status/.

The actions call the same services as the HTML pages; a refused step is a 400 with the
service's sentence, a step the user may not take a 403, a request out of reach a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core import access
from core.api.base import ScopedViewSet
from repairs import services
from repairs.api import serializers as s
from repairs.choices import Source
from repairs.filters import RepairRequestFilterSet
from repairs.models import PublicRepairRequest, RepairEvent, RepairRequest

# Each workflow action: (Access action for the role check and row scope, input serializer).
STEPS = {
    "accept": ("dispatch", s.AcceptSerializer),
    "assign": ("dispatch", s.AssignSerializer),
    "hand_over": ("dispatch", s.HandOverSerializer),
    "reject": ("dispatch", s.RejectSerializer),
    "duplicate": ("dispatch", s.DuplicateSerializer),
    "start": ("work", s.NoteSerializer),
    "work": ("work", s.WorkSerializer),
    "finish": ("work", s.NoteSerializer),
    "confirm": ("view", s.ConfirmSerializer),
    "reopen": ("view", s.ReopenSerializer),
    "events": ("view", None),
}


def _service_errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError({"detail": exc.messages, "code": getattr(exc, "code", None)})


class RepairRequestViewSet(ScopedViewSet):
    model = RepairRequest
    serializer_class = s.RepairRequestSerializer
    filterset_class = RepairRequestFilterSet
    ordering_fields = ["created_at", "finish_due_at", "priority", "status", "number"]
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    base_queryset = RepairRequest.objects.select_related(
        "room__building", "reporter", "owner", "assignee", "duplicate_of"
    )

    def access_action(self) -> str:
        if self.action in STEPS:
            return STEPS[self.action][0]
        return super().access_action()

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.order_by("-created_at", "-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return s.FileSerializer
        if self.action in STEPS and STEPS[self.action][1] is not None:
            return STEPS[self.action][1]
        return super().get_serializer_class()

    def create(self, request, *args, **kwargs):
        if request.user.school_id is None:
            raise PermissionDenied("Only members of a school can file repair requests.")
        serializer = s.FileSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        filed = self._call(
            services.repair_request_create,
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

    @staticmethod
    def _call(service, **kwargs):
        try:
            return service(**kwargs)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from None
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None

    def _step(self, request, run) -> Response:
        obj = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = self._call(run, request=obj, actor=request.user, **serializer.validated_data)
        result = RepairRequest.objects.select_related(
            "room__building", "reporter", "owner", "assignee", "duplicate_of"
        ).get(pk=(updated or obj).pk)
        return Response(s.RepairRequestSerializer(result, context={"request": request}).data)

    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(request, services.repair_request_accept)

    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._step(request, services.repair_request_assign)

    @action(detail=True, methods=["post"], url_path="hand-over")
    def hand_over(self, request, pk=None):
        return self._step(request, services.repair_request_hand_over)

    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._step(request, services.repair_request_reject)

    @action(detail=True, methods=["post"])
    def duplicate(self, request, pk=None):
        return self._step(request, services.repair_request_mark_duplicate)

    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._step(request, services.repair_request_start)

    @action(detail=True, methods=["post"])
    def work(self, request, pk=None):
        def record(*, request, actor, parts, photos=(), **data):
            services.work_record_add(
                request=request,
                actor=actor,
                parts=[(line["consumable"], line["quantity"]) for line in parts],
                photos=photos,
                **data,
            )
            return None

        return self._step(request, record)

    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        return self._step(request, services.repair_request_finish)

    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._step(request, services.repair_request_confirm)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._step(request, services.repair_request_reopen)

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
