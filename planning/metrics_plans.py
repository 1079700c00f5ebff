"""The plans part's figures in the metric registry (core.metrics) and its notable list in the
monthly report's planning section.

"Goals at risk" counts the goals of each school's current approved plan whose derived state is
at risk (planning.selectors_plans: an overdue milestone, or a KPI worse than its baseline); a
school with no approved plan for the period has no data. "Milestones overdue" counts the
milestones of approved plans due before the period's end (today for the running period) and not
done by then — the rows the milestone list shows with ?overdue_at=<that day>.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import metrics, reports
from core.metrics import LOWER, Metric, Period, Value
from core.models import School
from planning.choices_plans import GoalState
from planning.filters_plans import overdue_at
from planning.models import Milestone
from planning.selectors_plans import goals_by_school


def _cutoff(period: Period) -> dt.date:
    return min(period.end, timezone.localdate())


def _last_day(period: Period) -> dt.date:
    return min(period.end - dt.timedelta(1), timezone.localdate())


def goals_at_risk(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    found = goals_by_school(school_ids, _last_day(period))
    return {
        school: sum(1 for row in rows if row.state == GoalState.AT_RISK)
        for school, rows in found.items()
    }


def milestones_overdue(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    rows = Milestone.objects.filter(school_id__in=school_ids).filter(overdue_at(_cutoff(period)))
    return metrics.count_by_school(rows, school_ids)


def _overdue_link(period: Period) -> str:
    query = urlencode({"overdue_at": _cutoff(period).isoformat()})
    return reverse("planning:milestone_list") + "?" + query


def at_risk_rows(school: School, period: Period) -> list[list]:
    """The goals at risk with why (the monthly report's notable list)."""
    day = _last_day(period)
    lines = []
    for row in goals_by_school([school.pk], day).get(school.pk, []):
        if row.state != GoalState.AT_RISK:
            continue
        late = [m.title for m in row.milestones if m.overdue_on(day)]
        worse = [k.kpi.name for k in row.kpis if k.state == "at_risk"]
        lines.append([row.goal.area.name, row.goal.title, "、".join(late), "、".join(worse)])
    return lines


def register() -> None:
    metrics.register(
        Metric(
            key="planning.goals_at_risk",
            label=_("Plan goals at risk"),
            unit=_("goals"),
            direction=LOWER,
            module="planning",
            compute=goals_at_risk,
            model="planning.Plan",
            link=lambda period: reverse("planning:plan_list") + "?status=approved",
            help=_(
                "Goals of the approved three-year plan with an overdue milestone or a KPI worse "
                "than its baseline."
            ),
            no_rows=_("Derived from each goal's milestones and KPIs: the plan page shows them."),
        ),
        Metric(
            key="planning.milestones_overdue",
            label=_("Plan milestones overdue"),
            unit=_("milestones"),
            direction=LOWER,
            module="planning",
            compute=milestones_overdue,
            model="planning.Milestone",
            link=_overdue_link,
            help=_("Milestones of approved plans past their due date and not done by then."),
        ),
    )
    reports.register_notable(
        "planning",
        "planning.goals_at_risk",
        _("Plan goals at risk"),
        headers=[_("Area"), _("Goal"), _("Overdue milestones"), _("KPIs worse than baseline")],
        rows=at_risk_rows,
    )
