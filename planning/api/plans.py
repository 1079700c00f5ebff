"""API of the plans part: plans with their generated workflow actions, goals, KPIs (with their
live value and snapshots), manual KPI values with evidence, and milestones (done as an action).
Every write calls planning.services.plans, so the page and the API refuse alike; a change of an
approved plan carries ``reason`` (a recorded revision)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.base import ScopedSerializer, ScopedViewSet
from core.api.workflow import WorkflowActionsMixin
from planning import selectors_plans
from planning.filters_plans import GoalFilterSet, KpiFilterSet, MilestoneFilterSet, PlanFilterSet
from planning.models import Goal, Kpi, KpiValue, Milestone, Plan
from planning.services import plans as services
from planning.workflow import PLAN_WORKFLOW


class _ServiceRules:
    """Every rule (frozen plan, KPI targets, unknown metric, evidence) is the service's, said in
    its own sentence: the serializer only parses."""

    def get_validators(self):
        return []

    def validate(self, attrs):
        return attrs


def _reason() -> serializers.CharField:
    return serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=_("Why an approved plan changes (required then; the revision is recorded)."),
    )


class PlanSerializer(_ServiceRules, ScopedSerializer):
    reason = _reason()

    class Meta:
        model = Plan
        fields = [
            "id",
            "title",
            "first_year",
            "summary",
            "status",
            "revision",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "return_note",
            "reason",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "revision",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "return_note",
        ]


class GoalSerializer(_ServiceRules, ScopedSerializer):
    reason = _reason()
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = Goal
        fields = ["id", "plan", "area", "area_name", "title", "target_year1", "target_year2"]
        fields += ["target_year3", "measures", "owner", "evidence_expected", "position"]
        fields += ["reason", "created_at", "updated_at"]


class KpiSerializer(_ServiceRules, ScopedSerializer):
    reason = _reason()
    metric_key = serializers.CharField(max_length=80, required=False, allow_blank=True)
    live = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    snapshots = serializers.SerializerMethodField()

    class Meta:
        model = Kpi
        fields = ["id", "plan", "goal", "name", "kind", "metric_key", "window", "unit"]
        fields += ["direction", "baseline", "target_year1", "target_year2", "target_year3"]
        fields += ["position", "live", "progress", "snapshots", "reason", "created_at"]
        fields += ["updated_at"]

    def _row(self, kpi: Kpi) -> selectors_plans.KpiRow:
        """The KPI's live row, computed once per page of KPIs (core.metrics per metric)."""
        rows = self.context.setdefault("kpi_rows", {})
        if kpi.pk not in rows:
            page = self.context.get("kpi_page") or [kpi]
            for plan_id in {k.plan_id for k in page}:
                of_plan = [k for k in page if k.plan_id == plan_id]
                rows.update(selectors_plans.kpi_rows(of_plan[0].plan, of_plan, _today()))
        return rows[kpi.pk]

    def get_live(self, kpi: Kpi) -> str | None:
        value = self._row(kpi).live
        return None if value is None else str(value)

    def get_progress(self, kpi: Kpi) -> str | None:
        value = self._row(kpi).progress
        return None if value is None else str(value)

    def get_snapshots(self, kpi: Kpi) -> list[dict]:
        return [
            {"month": month, "value": None if value is None else str(value)}
            for month, value in self._row(kpi).history
        ]


def _today():
    from django.utils import timezone

    return timezone.localdate()


class KpiValueSerializer(_ServiceRules, ScopedSerializer):
    class Meta:
        model = KpiValue
        fields = ["id", "kpi", "measured_on", "value", "evidence_file", "evidence_link", "note"]
        fields += ["entered_by", "created_at"]
        read_only_fields = ["entered_by"]


class MilestoneSerializer(_ServiceRules, ScopedSerializer):
    reason = _reason()

    class Meta:
        model = Milestone
        fields = ["id", "plan", "goal", "title", "due", "owner", "evidence_expected"]
        fields += ["done_at", "done_by", "evidence", "notified_at", "reason", "created_at"]
        read_only_fields = ["done_at", "done_by", "evidence", "notified_at"]


class PlanReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=300,
        error_messages={"required": _("Say why the plan goes back (a comment is required).")},
    )


class DoneSerializer(serializers.Serializer):
    evidence = serializers.CharField(max_length=300)


def _fields(data: dict, allowed: tuple[str, ...]) -> dict:
    return {name: value for name, value in data.items() if name in allowed}


def _plan_of(data: dict, instance=None) -> Plan:
    plan = data.get("plan") or (instance.plan if instance is not None else None)
    if plan is None:
        raise ValidationError({"plan": _("Choose the plan.")})
    return plan


class PlanViewSet(WorkflowActionsMixin, ScopedViewSet):
    """Three-year plans; submit, approve and return are generated from planning.workflow."""

    model = Plan
    workflow = PLAN_WORKFLOW
    step_serializers = {"return_to_draft": PlanReturnSerializer}
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    ordering_fields = ["first_year", "approved_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.plan_create(
            school=self.member_school(),
            title=data["title"],
            first_year=data["first_year"],
            summary=data.get("summary", ""),
            actor=self.request.user,
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.plan_update(
            plan=serializer.instance,
            actor=self.request.user,
            reason=data.pop("reason", ""),
            **_fields(data, services.PLAN_FIELDS),
        )

    def perform_step(self, transition, obj, data):
        return services.STEP_SERVICES[transition.name](plan=obj, actor=self.request.user, **data)


class GoalViewSet(ScopedViewSet):
    """Goals of plans (?plan=<id>); added and changed through the plan's rules."""

    model = Goal
    base_queryset = Goal.objects.select_related("area")
    serializer_class = GoalSerializer
    filterset_class = GoalFilterSet
    ordering_fields = ["position"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan, reason = _plan_of(data), data.pop("reason", "")
        serializer.instance = services.goal_add(
            plan=plan,
            area=data["area"],
            actor=self.request.user,
            reason=reason,
            **_fields(data, services.GOAL_FIELDS),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.goal_update(
            goal=serializer.instance,
            actor=self.request.user,
            reason=data.pop("reason", ""),
            **_fields(data, services.GOAL_FIELDS),
        )


class KpiViewSet(ScopedViewSet):
    """KPIs (?plan=<id>) with their live value, progress and monthly snapshots; a KPI on an
    unknown metric, a target equal to the baseline or on the wrong side of it: 400."""

    model = Kpi
    base_queryset = Kpi.objects.select_related("plan")
    serializer_class = KpiSerializer
    filterset_class = KpiFilterSet
    ordering_fields = ["position"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer(self, *args, **kwargs):
        if args and isinstance(args[0], list):
            kwargs.setdefault("context", self.get_serializer_context())
            kwargs["context"]["kpi_page"] = args[0]
        return super().get_serializer(*args, **kwargs)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan, reason = _plan_of(data), data.pop("reason", "")
        serializer.instance = services.kpi_add(
            plan=plan,
            goal=data["goal"],
            actor=self.request.user,
            reason=reason,
            **_fields(data, services.KPI_FIELDS),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.kpi_update(
            kpi=serializer.instance,
            actor=self.request.user,
            reason=data.pop("reason", ""),
            **_fields(data, services.KPI_FIELDS),
        )


class KpiValueViewSet(ScopedViewSet):
    """Values of manual KPIs (?kpi=<id>), each with its evidence (a file or a link)."""

    model = KpiValue
    base_queryset = KpiValue.objects.select_related("kpi")
    serializer_class = KpiValueSerializer
    ordering_fields = ["measured_on"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        rows = super().get_queryset()
        kpi = self.request.query_params.get("kpi", "")
        return rows.filter(kpi_id=int(kpi)) if kpi.isdigit() else rows

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.kpi_value_enter(
            kpi=data["kpi"],
            measured_on=data["measured_on"],
            value=data["value"],
            evidence_file=data.get("evidence_file"),
            evidence_link=data.get("evidence_link", ""),
            note=data.get("note", ""),
            actor=self.request.user,
        )


class MilestoneViewSet(ScopedViewSet):
    """Milestones (?plan=<id>, ?done=false); POST <id>/done/ with its evidence."""

    model = Milestone
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet
    ordering_fields = ["due"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def access_action(self) -> str:
        return "change" if self.action == "done" else super().access_action()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        plan, reason = _plan_of(data), data.pop("reason", "")
        serializer.instance = services.milestone_add(
            plan=plan,
            goal=data["goal"],
            actor=self.request.user,
            reason=reason,
            **_fields(data, services.MILESTONE_FIELDS),
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.milestone_update(
            milestone=serializer.instance,
            actor=self.request.user,
            reason=data.pop("reason", ""),
            **_fields(data, services.MILESTONE_FIELDS),
        )

    @extend_schema(request=DoneSerializer, responses={200: MilestoneSerializer})
    @action(detail=True, methods=["post"], url_path="done")
    def done(self, request, pk=None):
        """The milestone is done, with its evidence (once)."""
        milestone = self.get_object()
        body = DoneSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        updated = services.milestone_complete(
            milestone=milestone, actor=request.user, evidence=body.validated_data["evidence"]
        )
        return Response(MilestoneSerializer(updated, context=self.get_serializer_context()).data)


ROUTES = [
    ("plans", PlanViewSet),
    ("goals", GoalViewSet),
    ("kpis", KpiViewSet),
    ("kpi-values", KpiValueViewSet),
    ("milestones", MilestoneViewSet),
]
