"""The survey results workbook and charts: the page's figures, nothing more (no response rows).
Written through core.exports (formula-safe cells: a free text "=..." stays text) and drawn with
pygal in core.charts' style."""

from __future__ import annotations

import io
from decimal import Decimal

import pygal
from django.utils.translation import gettext as _

from core import charts, exports
from planning.selectors_surveys import SurveyResult


def _pct(value: Decimal | None) -> Decimal | str:
    return value if value is not None else _("fewer than 5 answers: not shown")


def results_xlsx(result: SurveyResult) -> bytes:
    """Sheet 1: the survey, its response rate and each question's figures; sheet 2: the free
    texts shown on the page (sorted, without person or time)."""
    workbook = exports.new_workbook()
    sheet = workbook.create_sheet(exports.safe_sheet_title(_("Results")))
    survey = result.survey
    for label, value in (
        (_("Survey"), survey.title),
        (_("Term"), survey.term.name),
        (_("Invited"), result.invited),
        (_("Answered"), result.responded),
        (_("Response rate %"), result.response_rate),
        (_("Satisfied (4–5) %"), _pct(result.satisfied)),
    ):
        sheet.append(exports.safe_row(sheet, [str(label), value]))
    sheet.append([])
    heads = [_("Question"), _("Service"), _("Answers"), *[str(n) for n in (5, 4, 3, 2, 1)]]
    heads += [_("Satisfied (4–5) %"), _("Mean"), _("Previous term %")]
    sheet.append([exports.header_cell(sheet, str(h)) for h in heads])
    for q in result.questions:
        if not q.is_scale:
            continue
        row: list = [q.question.text, q.question.get_area_display(), q.answered]
        if q.shown:
            row += [n for _s, _l, n, _p in q.counts] + [q.satisfied, q.mean, q.previous]
        else:
            row += [_("fewer than 5 answers: not shown")]
        sheet.append(exports.safe_row(sheet, row))
    texts = workbook.create_sheet(exports.safe_sheet_title(_("Comments")))
    texts.append([exports.header_cell(texts, str(h)) for h in (_("Question"), _("Answer"))])
    for q in result.questions:
        if q.is_scale:
            continue
        if not q.shown:
            texts.append(
                exports.safe_row(texts, [q.question.text, _("fewer than 5 answers: not shown")])
            )
        for text in q.texts:
            texts.append(exports.safe_row(texts, [q.question.text, text]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def satisfaction_chart(result: SurveyResult) -> str | None:
    """% satisfied per question (shown ones), this term beside the previous one, as a data URI."""
    shown = [q for q in result.questions if q.is_scale and q.shown]
    if not shown:
        return None
    chart = pygal.HorizontalBar(
        style=charts.PRINT_STYLE,
        width=640,
        height=80 + 34 * len(shown),
        title=_("Satisfied (4–5) %"),
        range=(0, 100),
        disable_xml_declaration=True,
        js=[],
        margin=8,
        legend_at_bottom=True,
    )
    chart.x_labels = [q.question.get_area_display() for q in shown]
    chart.add(result.survey.term.name, [_number(q.satisfied) for q in shown])
    if result.previous_survey is not None:
        chart.add(result.previous_survey.term.name, [_number(q.previous) for q in shown])
    return charts.data_uri(chart.render(is_unicode=True))
