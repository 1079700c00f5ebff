"""The monthly report (月度报告) of a school: built from the metric registry, so its figures are the
dashboard's, and from the notable lists the apps register here (core imports no app).

- ``build(school, period)``: the figures (this month, the month before, the same month last year),
  a section per module with its metrics' 12-month trends as SVG charts, the notable lists;
- ``report_generate(...)``: the PDF (core.pdf) and the workbook (core.exports' formula-safe
  writer; with the rows behind each figure: the rows of the list its link opens, read as the
  school's reader, see ``Rows``) stored on the one ``MonthlyReport`` row of the school and
  month, the principal and the director notified with the PDF attached, ``on_report_ready``
  called;
- the beat task (core.tasks.monthly_reports) and the reports page's background job use it.

An app registers a notable list from its ``AppConfig.ready()``::

    reports.register_notable("repairs", "repairs.breached", _("Requests past their SLA"),
                             headers=(_("No."), _("Title"), _("Due")),
                             rows=lambda school, period: [(r.number, r.title, r.due_at), ...])
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core import access, audit, charts, exports, jobs, metrics
from core.choices import Role
from core.metrics import Metric, Period
from core.models import ExportJob, MonthlyReport, School, User
from core.tables import Table

logger = logging.getLogger(__name__)

NOTABLE_ROW_LIMIT = 200  # a list longer than this is cut in the PDF (the workbook has them all)
MODULE_LABELS: dict[str, Any] = {
    "repairs": gettext_lazy("Repairs"),
    "assets": gettext_lazy("Assets"),
    "safety": gettext_lazy("Safety"),
    "canteen": gettext_lazy("Canteen"),
    "finance": gettext_lazy("Finance"),
    "planning": gettext_lazy("Planning"),
}
MODULE_ORDER = ["repairs", "assets", "safety", "canteen", "finance", "planning"]

# Sent once a report's files are stored (robots connect a receiver: "the monthly report is ready").
report_ready = Signal()


@dataclass(frozen=True)
class Notable:
    key: str
    module: str
    label: str | Promise
    headers: tuple[str | Promise, ...]
    rows: Callable[[School, Period], Sequence[Sequence[Any]]]


NOTABLES: dict[str, Notable] = {}


def register_notable(
    module: str,
    key: str,
    label: str | Promise,
    *,
    headers: Sequence[str | Promise],
    rows: Callable[[School, Period], Sequence[Sequence[Any]]],
) -> None:
    """Add a list of notable items (breached SLAs, open serious hazards, ...) to every report."""
    NOTABLES[key] = Notable(key, module, label, tuple(headers), rows)


def on_report_ready(report: MonthlyReport) -> None:
    """The hook point for announcing a ready report (robots): it only notifies, nothing else."""
    report_ready.send(sender=MonthlyReport, report=report)


def parse_month(text: str) -> Period:
    """A month that has ended, as "2026-11"; a clear refusal otherwise (malformed, future)."""
    period = Period.parse((text or "").strip())
    if period.kind != "month":
        raise ValidationError(_("Give a month as 2026-11."), code="bad_period")
    if period.end > timezone.localdate():
        raise ValidationError(
            _("The report of a month can be made once the month has ended."), code="future_period"
        )
    return period


def last_month() -> Period:
    return Period.current_month().previous()


# ---- the content ------------------------------------------------------------------------------


@dataclass
class Figure:
    metric: Metric
    value: metrics.Value
    previous: metrics.Value
    last_year: metrics.Value


def _figures(school: School, period: Period, found: list[Metric]) -> list[Figure]:
    ids = [school.pk]
    before, year_ago = period.previous(), period.same_last_year()
    return [
        Figure(
            m,
            m.values(ids, period).get(school.pk),
            m.values(ids, before).get(school.pk),
            m.values(ids, year_ago).get(school.pk),
        )
        for m in found
    ]


def _modules() -> list[str]:
    present = {m.module for m in metrics.all_metrics()} | {n.module for n in NOTABLES.values()}
    return sorted(present, key=lambda m: (MODULE_ORDER.index(m) if m in MODULE_ORDER else 99, m))


def _section(school: School, period: Period, module: str) -> dict[str, Any]:
    found = metrics.all_metrics(module)
    span = metrics.last_twelve_months(period)
    trends = {m.key: m.trend(school.pk, span) for m in found}
    breakdowns = [
        (m, str(label), function(school.pk, period))
        for m in found
        for _key, label, function in m.breakdowns
    ]
    notables = [n for n in NOTABLES.values() if n.module == module]
    return {
        "module": module,
        "label": MODULE_LABELS.get(module, module),
        "figures": _figures(school, period, found),
        "trends": [(m, trends[m.key]) for m in found],
        "breakdowns": breakdowns,
        "charts": _charts(found, trends, breakdowns),
        "notables": [_notable(n, school, period) for n in notables],
    }


def _charts(found: list[Metric], trends: dict, breakdowns: list) -> list[str]:
    """A 12-month trend per metric, then each breakdown (by building, category ...)."""
    made = [charts.trend_svg(str(m.label), str(m.unit), trends[m.key]) for m in found]
    made += [
        charts.breakdown_svg(f"{m.label} · {label}", rows) for m, label, rows in breakdowns if rows
    ]
    return [charts.data_uri(svg) for svg in made]


def _notable(notable: Notable, school: School, period: Period) -> dict[str, Any]:
    rows = [list(row) for row in notable.rows(school, period)]
    return {"notable": notable, "rows": rows, "shown": rows[:NOTABLE_ROW_LIMIT]}


def build(school: School, period: Period) -> dict[str, Any]:
    """Everything the PDF and the workbook show, computed once (the rows sheets' rows are read
    while the workbook is written: only their counts are here)."""
    with metrics.shared():  # the repairs statistics' figures share one read per period
        sections = [_section(school, period, module) for module in _modules()]
    return {
        "school": school,
        "period": period,
        "previous": period.previous(),
        "last_year": period.same_last_year(),
        "sections": sections,
        "rows": rows_behind(school, period, [m for s in sections for m, _t in s["trends"]]),
        "made_at": timezone.localtime(),
    }


# ---- the rows behind the figures ---------------------------------------------------------------


@dataclass
class Rows:
    """The rows behind one or more figures: the list page their link opens (``Metric.rows_url``),
    read as the school's reader (core.access.school_reader), so the sheet holds exactly what
    the list and its export show the director — the rows the figure counts or is computed from.
    Or, for a figure computed from no rows, ``reason`` says why and ``page`` where to look."""

    metrics: list[Metric]
    title: str = ""  # the sheet's, unique in the workbook
    url: str = ""
    table: Table | None = None
    queryset: QuerySet | None = None
    total: int = 0
    reason: str = ""
    page: str = ""


FIXED_SHEETS = ("Figures", "Last twelve months", "Breakdowns")


def rows_behind(school: School, period: Period, found: list[Metric]) -> list[Rows]:
    """One entry per distinct list (figures from the same rows share it), then one per figure
    without rows."""
    reader = access.school_reader(school)
    taken = {exports.safe_sheet_title(_(name)) for name in FIXED_SHEETS}
    taken |= {exports.safe_sheet_title(str(n.label)) for n in NOTABLES.values()}
    by_url: dict[str, Rows] = {}
    without: list[Rows] = []
    for metric in found:
        url = metric.rows_url(period)
        if url is not None and url in by_url:
            by_url[url].metrics.append(metric)
            continue
        entry = _rows_of(reader, metric, period, url)
        entry.title = _unique_title(str(metric.label), taken)
        if entry.table is not None:
            by_url[entry.url] = entry
        else:
            without.append(entry)
    return [*by_url.values(), *without]


def _rows_of(reader: User, metric: Metric, period: Period, url: str | None) -> Rows:
    from core.views.generic import list_at

    page = metric.link(period) if metric.link is not None else ""
    if url is None:
        reason = str(metric.no_rows or _("No list of rows stands behind it."))
        return Rows([metric], reason=reason, page=page)
    try:
        view_class, queryset = list_at(reader, url)
    except (ValueError, PermissionDenied):
        # A registry mistake (the report rows tests guard it): the report is still made.
        logger.warning("the rows of %s at %s cannot be listed", metric.key, url)
        reason = _("Its rows cannot be listed in the report; open its page.")
        return Rows([metric], reason=reason, page=page)
    table = view_class.table_class()
    return Rows([metric], url=url, table=table, queryset=queryset, total=queryset.count())


def _unique_title(label: str, taken: set[str]) -> str:
    title, n = exports.safe_sheet_title(label), 1
    while title.casefold() in {t.casefold() for t in taken}:
        n += 1
        title = exports.safe_sheet_title(f"{label[:26]} ({n})")
    taken.add(title)
    return title


def _rows_sheets(workbook, content: dict[str, Any]) -> None:
    """A sheet per list behind the figures, bounded to REPORT_SHEET_MAX_ROWS rows (the list has
    them all); written as the list's export writes it (core.exports.table_sheet)."""
    limit = settings.REPORT_SHEET_MAX_ROWS
    for entry in content["rows"]:
        figures = "、".join(str(m.label) for m in entry.metrics)
        heading = _("Rows behind: %(figures)s") % {"figures": figures}
        if entry.table is None or entry.queryset is None:
            sheet = workbook.create_sheet(entry.title)
            lines = [heading, entry.reason]
            if entry.page:
                lines.append(_("See %(link)s") % {"link": f"{settings.SITE_URL}{entry.page}"})
            for line in lines:
                sheet.append(exports.safe_row(sheet, [line]))
            continue
        exports.table_sheet(
            workbook,
            table=entry.table,
            rows=entry.table.rows(entry.queryset[:limit], chunk_size=exports.CHUNK_ROWS),
            title=entry.title,
            notes=[heading, _shown(entry, limit)],
        )


def _shown(entry: Rows, limit: int) -> str:
    link = f"{settings.SITE_URL}{entry.url}"
    if entry.total > limit:
        return _("The first %(shown)s of %(total)s rows; all of them: %(link)s") % {
            "shown": f"{limit:,}",
            "total": f"{entry.total:,}",
            "link": link,
        }
    return _("%(total)s rows, as listed at %(link)s") % {"total": f"{entry.total:,}", "link": link}


def rows_sheet_of(content: dict[str, Any], metric: Metric) -> Rows | None:
    """The rows entry (sheet) behind a figure."""
    return next((entry for entry in content["rows"] if metric in entry.metrics), None)


def render_pdf(content: dict[str, Any]) -> bytes:
    from core.pdf import render_pdf as render

    return render("core/pdf/monthly_report.html", content)


def write_xlsx(content: dict[str, Any]) -> bytes:
    """The figures on the first sheet (with the sheet of the rows behind each), the trends, the
    breakdowns, each notable list's rows, then the rows behind the figures (see ``Rows``)."""
    workbook = exports.new_workbook()
    summary = workbook.create_sheet(exports.safe_sheet_title(_("Figures")))
    headers = [_("Module"), _("Figure"), _("Unit"), _("This month"), _("Month before")]
    headers += [_("A year ago"), _("Rows behind it (sheet)")]
    summary.append([exports.header_cell(summary, str(h)) for h in headers])
    for section in content["sections"]:
        for f in section["figures"]:
            row = [str(section["label"]), str(f.metric.label), str(f.metric.unit)]
            behind = rows_sheet_of(content, f.metric)
            row += [f.value, f.previous, f.last_year, behind.title if behind else ""]
            summary.append(exports.safe_row(summary, row))
    _trend_sheet(workbook, content)
    _breakdown_sheet(workbook, content)
    for section in content["sections"]:
        for found in section["notables"]:
            notable = found["notable"]
            sheet = workbook.create_sheet(exports.safe_sheet_title(str(notable.label)))
            sheet.append([exports.header_cell(sheet, str(h)) for h in notable.headers])
            for row in found["rows"]:
                sheet.append(exports.safe_row(sheet, [_cell(v) for v in row]))
    _rows_sheets(workbook, content)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _trend_sheet(workbook, content: dict[str, Any]) -> None:
    """The twelve months behind each figure's chart."""
    sheet = workbook.create_sheet(exports.safe_sheet_title(_("Last twelve months")))
    months = metrics.last_twelve_months(content["period"]).months()
    heads = [_("Module"), _("Figure"), *[m.code for m in months]]
    sheet.append([exports.header_cell(sheet, str(h)) for h in heads])
    for section in content["sections"]:
        for metric, trend in section["trends"]:
            row = [str(section["label"]), str(metric.label), *trend.values()]
            sheet.append(exports.safe_row(sheet, row))


def _breakdown_sheet(workbook, content: dict[str, Any]) -> None:
    """Each breakdown's items (building, category, worker ...) and their values."""
    sheet = workbook.create_sheet(exports.safe_sheet_title(_("Breakdowns")))
    heads = [_("Figure"), _("Breakdown"), pgettext("report", "Item"), pgettext("report", "Value")]
    sheet.append([exports.header_cell(sheet, str(h)) for h in heads])
    for section in content["sections"]:
        for metric, label, rows in section["breakdowns"]:
            for item, value, _link in rows:
                sheet.append(exports.safe_row(sheet, [str(metric.label), label, item, value]))


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, (int, float, dt.date)):
        return value
    return str(value)


# ---- the record --------------------------------------------------------------------------------


def recipients(school: School) -> list[User]:
    return list(
        User.objects.filter(
            school=school,
            is_active=True,
            user_roles__role__in=[Role.PRINCIPAL, Role.DIRECTOR],
        ).distinct()
    )


@transaction.atomic
def report_generate(
    *, school: School, period: Period, actor: User | None = None, replace: bool = True
) -> MonthlyReport:
    """Build and store the school's report of the month on its one row (created if missing).

    The row is locked while its files are made, so a second beat, a retry or a manual regenerate
    waits and then replaces the files (``replace``) or, for the beat, finds the report ready and
    does nothing. Replacing records a "report_regenerated" audit event; the old files are removed
    only once the new ones are committed. The principal and the director are notified (e-mail
    with the PDF attached) and ``on_report_ready`` is called after commit.
    """
    report, _created = MonthlyReport.objects.get_or_create(school=school, month=period.start)
    report = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if report.status == MonthlyReport.Status.READY and not replace:
        return report
    was_ready = report.status == MonthlyReport.Status.READY
    old_files = [f.name for f in (report.pdf, report.xlsx) if f]
    content = build(school, period)
    name = f"{school.code}-{period.code}"
    report.pdf.save(f"{name}.pdf", ContentFile(render_pdf(content)), save=False)
    report.xlsx.save(f"{name}.xlsx", ContentFile(write_xlsx(content)), save=False)
    report.status = MonthlyReport.Status.READY
    report.generated_at = timezone.now()
    report.generated_by = actor
    report.save()
    if was_ready:
        audit.record_event(report, event="report_regenerated", actor=actor, replaced=old_files)
    transaction.on_commit(lambda: _remove_files(report, old_files))
    _notify(report)
    transaction.on_commit(lambda: on_report_ready(report))
    return report


def _remove_files(report: MonthlyReport, names: list[str]) -> None:
    storage = report.pdf.storage
    for stored in names:
        if stored not in (report.pdf.name, report.xlsx.name):
            storage.delete(stored)


def _notify(report: MonthlyReport) -> None:
    from django.urls import reverse

    from core.services import notify

    notes = notify(
        recipients=recipients(report.school),
        school=report.school,
        title=_("Monthly report %(month)s is ready") % {"month": report.code},
        body=_("The monthly report of %(school)s for %(month)s is attached.")
        % {"school": report.school.name, "month": report.code},
        url=reverse("core:report_list"),
    )
    from core.models import Notification

    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(report=report)


def _run_job(job: ExportJob, progress: jobs.Progress) -> None:
    """The reports page's "generate": query_string holds the month."""
    from django.urls import reverse

    period = parse_month(job.query_string)
    progress(0, 1)
    assert job.school is not None
    report_generate(school=job.school, period=period, actor=job.requested_by)
    jobs.finish(
        job,
        done_rows=1,
        total_rows=1,
        result={
            "message": _("The report of %(month)s is ready.") % {"month": period.code},
            "next_url": reverse("core:report_list"),
            "next_label": _("Monthly reports"),
        },
    )


jobs.register("core.monthly_report", _run_job)


@transaction.atomic
def report_job_start(*, school: School, actor: User, period: Period) -> ExportJob:
    """Queue the generation of the month's report as a background job of the actor's."""
    job = ExportJob.objects.create(
        school=school,
        requested_by=actor,
        kind="core.monthly_report",
        view_name="core:report_list",
        query_string=period.code,
        title=_("Monthly report %(month)s") % {"month": period.code},
        total_rows=1,
    )
    jobs.enqueue(job)
    return job
