"""The plan as a workbook (core.exports: every text cell formula-safe) and the progress PDF's
content (charts as in the monthly report: core.charts)."""

from __future__ import annotations

from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from core import charts, exports
from planning import selectors_plans
from planning.models import Plan

XLSX_CONTENT_TYPE = exports.XLSX_CONTENT_TYPE


def _number(value):
    return None if value is None else float(value)


def _shown(value) -> object:
    """A value as the page shows it: "no data" stays words, never 0."""
    return _("no data") if value is None else float(value)


def _words(value) -> str:
    """A value inside a sentence, as the page writes it (30, 92.5; "no data")."""
    return _("no data") if value is None else f"{float(value):g}"


def kpi_headers(plan: Plan) -> list[str]:
    return [
        _("Area"),
        _("Goal"),
        _("Goal state"),
        _("Indicator"),
        _("Kind"),
        _("Unit"),
        _("Direction"),
        _("Baseline"),
        *[_("Target %(year)s") % {"year": year} for year in plan.years],
        _("Current value"),
        _("Last snapshot"),
        _("Progress %"),
    ]


def kpi_lines(plan: Plan, outline) -> list[list]:
    lines = []
    for area in outline:
        for goal in area.goals:
            for row in goal.kpis:
                kpi, last = row.kpi, row.last_snapshot
                lines.append(
                    [
                        area.area.name,
                        goal.goal.title,
                        goal.state_label,
                        kpi.name,
                        kpi.get_kind_display(),
                        kpi.unit,
                        kpi.get_direction_display(),
                        float(kpi.baseline),
                        *[float(t) for t in kpi.targets],
                        _shown(row.live),
                        f"{last[0]}: {_words(last[1])}" if last else _("none yet"),
                        _shown(None if row.progress is None else row.progress * 100),
                    ]
                )
    return lines


def milestone_headers() -> list[str]:
    return [_("Area"), _("Goal"), _("Milestone"), _("Due"), _("Owner"), _("Done"), _("Evidence")]


def milestone_lines(outline) -> list[list]:
    return [
        [
            area.area.name,
            goal.goal.title,
            step.title,
            step.due,
            str(step.owner or ""),
            timezone.localtime(step.done_at).date() if step.done_at else "",
            step.evidence,
        ]
        for area in outline
        for goal in area.goals
        for step in goal.milestones
    ]


def plan_workbook(plan: Plan) -> IO[bytes]:
    """Two sheets: the KPIs with their values, the milestones; plus each KPI's history."""
    outline = selectors_plans.plan_outline(plan)
    workbook = exports.new_workbook()
    sheet = workbook.create_sheet(exports.safe_sheet_title(_("KPIs")))
    sheet.append([exports.header_cell(sheet, f"{plan.title}（{plan.get_status_display()}）")])
    sheet.append([exports.header_cell(sheet, h) for h in kpi_headers(plan)])
    for line in kpi_lines(plan, outline):
        sheet.append(exports.safe_row(sheet, line))
    steps = workbook.create_sheet(exports.safe_sheet_title(_("Milestones")))
    steps.append([exports.header_cell(steps, h) for h in milestone_headers()])
    for line in milestone_lines(outline):
        steps.append(exports.safe_row(steps, line))
    history = workbook.create_sheet(exports.safe_sheet_title(_("KPI history")))
    history.append(
        [exports.header_cell(history, h) for h in (_("Indicator"), _("Month"), _("Value"))]
    )
    for area in outline:
        for goal in area.goals:
            for row in goal.kpis:
                for month, value in row.history:
                    history.append(exports.safe_row(history, [row.kpi.name, month, _number(value)]))
    handle = exports.temporary_xlsx()
    workbook.save(handle)
    handle.seek(0)
    return handle


def pdf_context(plan: Plan) -> dict:
    """The progress report: the state counts, every goal with its KPIs and milestones, and a
    chart of each KPI's monthly snapshots."""
    outline = selectors_plans.plan_outline(plan)
    chart_list = [
        (
            row.kpi,
            charts.data_uri(charts.trend_svg(row.kpi.name, row.kpi.unit, dict(row.history))),
        )
        for area in outline
        for goal in area.goals
        for row in goal.kpis
        if row.history
    ]
    return {
        "plan": plan,
        "school": plan.school,
        "outline": outline,
        "counts": selectors_plans.state_counts(outline),
        "charts": chart_list,
        "made_at": timezone.localtime(),
        "year_index": plan.year_index(timezone.localdate()),
    }
