"""The work calendar's figure (core.metrics): the share of a period's tasks that are done."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.metrics import HIGHER, Metric, Period
from planning.models.calendar import TaskStatus, WorkTask


def _tasks(school_ids: Sequence[int], period: Period):
    return WorkTask.objects.filter(
        school_id__in=list(school_ids), month__gte=period.start, month__lt=period.end
    )


def done_rate(school_ids: Sequence[int], period: Period) -> dict[int, metrics.Value]:
    """Done tasks / tasks of the months in the period, per school, in one grouped query; a school
    without tasks in the period has no value ("no data", not 0 %)."""
    grouped = (
        _tasks(school_ids, period)
        .order_by()
        .values("school_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE)))
    )
    return {row["school_id"]: metrics.rate(row["done"], row["total"]) for row in grouped}


def done_rate_monthly(school_id: int, period: Period) -> dict[str, metrics.Value]:
    """The rate of each month of the period in one query (month is already a month's first day)."""
    grouped = (
        _tasks([school_id], period)
        .order_by()
        .values("month")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status=TaskStatus.DONE)))
    )
    return {
        row["month"].strftime("%Y-%m"): metrics.rate(row["done"], row["total"]) for row in grouped
    }


def link(period: Period) -> str:
    return reverse("planning:worktask_list") + f"?period={period.code}"


def register() -> None:
    metrics.register(
        Metric(
            key="planning.calendar_done_rate",
            label=_("Work calendar done"),
            unit="%",
            direction=HIGHER,
            module="planning",
            compute=done_rate,
            monthly=done_rate_monthly,
            model="planning.WorkTask",
            link=link,
            help=_(
                "Tasks of the work calendar done, of all the tasks of the period's months "
                "(done with a note, evidence or the record that fulfils them)."
            ),
        )
    )
