"""Reads of repair data, always scoped to the user (core.access.scope)."""

from __future__ import annotations

from django.db.models import (
    DecimalField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from core import access
from repairs import sla
from repairs.choices import OPEN_WORK
from repairs.models import RepairRequest, WorkRecord


def _name(prefix: str):
    return Concat(f"{prefix}__last_name", f"{prefix}__first_name")


def with_log_columns(queryset: QuerySet) -> QuerySet:
    """Annotations the repair log (board and export) shows, computed in the same query."""
    costs = (
        WorkRecord.objects.filter(request=OuterRef("pk"))
        .values("request")
        .annotate(total=Sum("cost") + Sum("parts_cost"))
        .values("total")
    )
    money: DecimalField = DecimalField(max_digits=12, decimal_places=2)
    return queryset.annotate(
        **sla.sla_state_annotations(timezone.now()),
        reporter_name=_name("reporter"),
        owner_name=_name("owner"),
        assignee_name=_name("assignee"),
        total_cost=Coalesce(Subquery(costs, output_field=money), Value(0), output_field=money),
    )


def requests_for(user, action: str = "view") -> QuerySet:
    return access.scope(user, RepairRequest, action)


def my_requests(user) -> QuerySet:
    return (
        requests_for(user)
        .filter(reporter=user)
        .select_related("room__building", "asset")
        .order_by("-created_at", "-pk")
    )


def my_jobs(user) -> QuerySet:
    from repairs.models import RepairJob

    return (
        access.scope(user, RepairJob)
        .filter(assignee=user, status__in=sorted(OPEN_WORK))
        .select_related("room__building", "asset", "reporter")
        .order_by("finish_due_at", "pk")
    )


def request_detail(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "room__building", "asset", "reporter", "filed_by", "owner", "assignee", "duplicate_of"
    )
