"""/api/v1/assets/…: the same filters and the same services as the screens."""

from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from assets import depreciation, filters, services
from assets.api import serializers
from assets.models import (
    Asset,
    AssetMovement,
    Consumable,
    DisposalRequest,
    Stocktake,
    StocktakeLine,
)
from assets.workflow import DISPOSAL_WORKFLOW
from core import access
from core.api.base import ScopedViewSet
from core.api.workflow import WorkflowActionsMixin, without_create
from core.models import Room, SchoolClass

# The documented body and answer of each action (the viewset's own serializer is neither).
MOVE_SCHEMA = extend_schema(
    request=serializers.MoveSerializer, responses={201: serializers.MovementSerializer}
)
SLIP_SCHEMA = extend_schema(
    request=serializers.SlipInputSerializer, responses={201: serializers.SlipResultSerializer}
)

MOVES: dict[str, Callable[..., AssetMovement]] = {
    "issue": services.asset_issue,
    "lend": services.asset_lend,
    "return": services.asset_return,
    "transfer": services.asset_transfer,
}


# The asset resource's viewset (generated in assets/views/cards.py, with its serializer, filters
# and ordering) subclasses this: key-paged list, create through the service, movement actions.
# No docstring: it would become every asset operation's description in the API schema.
class AssetActions(ScopedViewSet):
    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = depreciation.annotate_depreciation(
                queryset.select_related("category"), timezone.localdate()
            )
        return queryset

    def list(self, request, *args, **kwargs):
        """Page through primary keys (cheap at any depth), then read the page's rows with their
        category and depreciation: constant queries, a deep page about as fast as the first."""
        queryset = self.filter_queryset(self.get_queryset())
        keys = self.paginate_queryset(queryset.values_list("pk", flat=True))
        assert keys is not None  # REST_FRAMEWORK sets a paginator for every list
        wanted = list(keys)
        found = depreciation.annotate_depreciation(
            Asset.objects.filter(pk__in=wanted).select_related("category"),
            timezone.localdate(),
        ).in_bulk()
        rows = [found[pk] for pk in wanted if pk in found]
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def filter_queryset(self, queryset):
        if self.action == "list" and self.request.query_params.get("archived") in (None, ""):
            queryset = queryset.filter(archived_at__isnull=True)
        return super().filter_queryset(queryset)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.asset_create(
                school=self.member_school(), actor=self.request.user, **data
            )
        except DjangoValidationError as exc:
            raise serializers.as_drf(exc) from exc

    def _move(self, request, pk, kind):
        if not access.can(request.user, Asset, "change"):
            return Response(status=status.HTTP_403_FORBIDDEN)
        asset = get_object_or_404(access.scope(request.user, Asset, "change"), pk=pk)
        body = serializers.MoveSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = {k: v for k, v in body.validated_data.items() if v is not None}
        if "to_room" in data:
            data["to_room"] = get_object_or_404(
                access.scope(request.user, Room), pk=data["to_room"]
            )
        if "to_class" in data:
            data["to_class"] = get_object_or_404(
                access.scope(request.user, SchoolClass), pk=data["to_class"]
            )
        allowed = {
            "issue": {"to_custodian", "to_class", "to_room", "reason"},
            "lend": {"to_custodian", "to_class", "to_room", "reason", "due_date"},
            "return": {"to_room", "reason"},
            "transfer": {"to_room", "to_custodian", "reason"},
        }[kind]
        data = {k: v for k, v in data.items() if k in allowed}
        if kind == "lend" and "due_date" not in data:
            raise ValidationError({"due_date": ["A loan needs a due date."]})
        try:
            movement = MOVES[kind](asset=asset, actor=request.user, **data)
        except DjangoValidationError as exc:
            raise serializers.as_drf(exc) from exc
        return Response(serializers.MovementSerializer(movement).data, status=201)

    @MOVE_SCHEMA
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return self._move(request, pk, "issue")

    @MOVE_SCHEMA
    @action(detail=True, methods=["post"])
    def lend(self, request, pk=None):
        return self._move(request, pk, "lend")

    @MOVE_SCHEMA
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._move(request, pk, "return")

    @MOVE_SCHEMA
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        return self._move(request, pk, "transfer")

    @extend_schema(
        request=serializers.DisposeSerializer,
        responses={201: serializers.DisposalResultSerializer},
    )
    @action(detail=True, methods=["post"])
    def dispose(self, request, pk=None):
        if not access.can(request.user, Asset, "change"):
            return Response(status=status.HTTP_403_FORBIDDEN)
        asset = get_object_or_404(access.scope(request.user, Asset, "change"), pk=pk)
        body = serializers.DisposeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            found = services.disposal_request(
                asset=asset, actor=request.user, reason=body.validated_data["reason"]
            )
        except DjangoValidationError as exc:
            raise serializers.as_drf(exc) from exc
        return Response({"id": found.pk, "status": found.status}, status=201)

    def access_action(self) -> str:
        if self.action in ("issue", "lend", "return_", "transfer", "dispose"):
            return "change"
        return super().access_action()


@without_create
class DisposalRequestViewSet(WorkflowActionsMixin, ScopedViewSet):
    """/api/v1/assets/disposals/: read the requests; approve/ and reject/ are generated from
    assets.workflow (a request is made with POST assets/<id>/dispose/)."""

    model = DisposalRequest
    workflow = DISPOSAL_WORKFLOW
    step_serializers = {
        "approve": serializers.DecisionSerializer,
        "reject": serializers.DecisionSerializer,
    }
    base_queryset = DisposalRequest.objects.select_related("asset")
    serializer_class = serializers.DisposalRequestSerializer
    filterset_class = filters.DisposalRequestFilterSet
    ordering_fields = ["created_at", "status"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_step(self, transition, obj, data):
        return services.DISPOSAL_STEPS[transition.name](
            request=obj, actor=self.request.user, **data
        )


class MovementViewSet(ScopedViewSet):
    """The movement log (read only: movements are written by the asset actions)."""

    model = AssetMovement
    base_queryset = AssetMovement.objects.select_related("asset")
    serializer_class = serializers.MovementSerializer
    filterset_class = filters.MovementFilterSet
    ordering_fields = ["date", "kind", "due_date"]
    http_method_names = ["get", "head", "options"]


# The consumable resource's viewset (generated in assets/views/stock.py) subclasses this: no
# docstring, it would become every consumable operation's description in the API schema.
class ConsumableActions(ScopedViewSet):
    def _slip(self, request, pk, kind):
        item = get_object_or_404(access.scope(request.user, Consumable, "change"), pk=pk)
        body = serializers.SlipInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        quantity, reason = body.validated_data["quantity"], body.validated_data["reason"]
        try:
            with transaction.atomic():
                if kind == "in":
                    slip = services.consumable_stock_in(
                        school=item.school,
                        actor=request.user,
                        lines=[(item, quantity)],
                        reason=reason,
                    )
                else:
                    slip = services.consumable_issue(
                        school=item.school,
                        actor=request.user,
                        lines=[(item, quantity)],
                        reason=reason,
                    )
        except DjangoValidationError as exc:
            raise serializers.as_drf(exc) from exc
        item.refresh_from_db()
        return Response(
            {"slip": slip.number, "quantity_on_hand": str(item.quantity_on_hand)}, status=201
        )

    @SLIP_SCHEMA
    @action(detail=True, methods=["post"], url_path="stock-in")
    def stock_in(self, request, pk=None):
        return self._slip(request, pk, "in")

    @SLIP_SCHEMA
    @action(detail=True, methods=["post"], url_path="issue")
    def issue(self, request, pk=None):
        return self._slip(request, pk, "out")

    def access_action(self) -> str:
        if self.action in ("stock_in", "issue"):
            return "change"
        return super().access_action()


class StocktakeViewSet(ScopedViewSet):
    model = Stocktake
    serializer_class = serializers.StocktakeSerializer
    filterset_class = filters.StocktakeFilterSet
    ordering_fields = ["started_on", "title"]
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        try:
            serializer.instance = services.stocktake_start(
                school=self.member_school(),
                actor=self.request.user,
                title=serializer.validated_data["title"],
                rooms=list(serializer.validated_data.get("rooms", [])),
            )
        except DjangoValidationError as exc:
            raise serializers.as_drf(exc) from exc

    @extend_schema(
        request=serializers.MarkSerializer, responses={201: serializers.MarkResultSerializer}
    )
    @action(detail=True, methods=["post"])
    def mark(self, request, pk=None):
        """Walk a room from a phone app: {"line": id, "result": "found|missing|damaged"}, or
        {"room": id, "asset_code": "..."} / {"room": id, "description": "..."} for surplus."""
        stocktake = get_object_or_404(access.scope(request.user, Stocktake, "change"), pk=pk)
        body = serializers.MarkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            if data["line"] is not None:
                line = get_object_or_404(
                    access.scope(request.user, StocktakeLine, "change").filter(stocktake=stocktake),
                    pk=data["line"],
                )
                line = services.stocktake_mark(
                    line=line, actor=request.user, result=data["result"], note=data["note"][:200]
                )
            else:
                room = get_object_or_404(access.scope(request.user, Room), pk=data["room"])
                asset = None
                if data["asset_code"]:
                    asset = get_object_or_404(
                        access.scope(request.user, Asset), code=data["asset_code"]
                    )
                line = services.stocktake_record_surplus(
                    stocktake=stocktake,
                    actor=request.user,
                    room=room,
                    asset=asset,
                    description=data["description"],
                )
        except DjangoValidationError as exc:
            raise serializers.as_drf(exc) from exc
        return Response({"line": line.pk, "result": line.result}, status=201)

    @extend_schema(request=None, responses={200: serializers.ConfirmResultSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        stocktake = get_object_or_404(access.scope(request.user, Stocktake, "confirm"), pk=pk)
        try:
            moves = services.stocktake_confirm(stocktake=stocktake, actor=request.user)
        except DjangoValidationError as exc:
            raise serializers.as_drf(exc) from exc
        return Response({"status": "confirmed", "movements": len(moves)})

    def access_action(self) -> str:
        if self.action == "confirm":
            return "confirm"
        if self.action == "mark":
            return "change"
        return super().access_action()
