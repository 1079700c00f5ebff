"""Survey results: aggregates only. Nothing here returns a response or an answer row; a figure
of fewer than MIN_ANSWERS answers is not shown, nor is a free-text list of fewer; texts come
sorted alphabetically (never in the order they were given) and with nothing but their text."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, QuerySet

from core.metrics import Period, Value, rate
from planning.models.surveys import (
    MIN_ANSWERS,
    SATISFIED_FROM,
    QuestionKind,
    Scale,
    ServiceArea,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyStatus,
)

SENT = (SurveyStatus.OPEN, SurveyStatus.CLOSED)


@dataclass
class QuestionResult:
    question: SurveyQuestion
    answered: int
    shown: bool
    # (score, label, count, % of answers) from 5 down to 1
    counts: list[tuple[int, str, int, Decimal | None]] = field(default_factory=list)
    satisfied: Decimal | None = None  # % of 4–5
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)
    previous: Decimal | None = None  # the previous term's % of 4–5 for the same service

    @property
    def is_scale(self) -> bool:
        return self.question.kind == QuestionKind.SCALE


@dataclass
class AreaResult:
    area: str
    label: str
    satisfied: Decimal | None
    previous: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.satisfied is None or self.previous is None:
            return None
        return self.satisfied - self.previous


@dataclass
class SurveyResult:
    survey: Survey
    invited: int
    responded: int
    response_rate: Decimal | None
    shown: bool
    questions: list[QuestionResult]
    previous_survey: Survey | None
    areas: list[AreaResult]
    satisfied: Decimal | None  # all scale answers


def _satisfied(total: int, good: int) -> Decimal | None:
    return rate(good, total) if total >= MIN_ANSWERS else None


def previous_survey(survey: Survey) -> Survey | None:
    """The school's last sent survey of an earlier term."""
    return (
        Survey.objects.filter(
            school_id=survey.school_id, status__in=SENT, term__start__lt=survey.term.start
        )
        .select_related("term")
        .order_by("-term__start")
        .first()
    )


def _area_figures(survey_ids: list[int]) -> dict[tuple[int, str], tuple[int, int]]:
    """{(survey id, area): (scale answers, of them 4–5)} in one query."""
    rows = (
        SurveyAnswer.objects.filter(
            response__survey_id__in=survey_ids, question__kind=QuestionKind.SCALE
        )
        .values("response__survey_id", "question__area")
        .annotate(total=Count("pk"), good=Count("pk", filter=Q(score__gte=SATISFIED_FROM)))
        .order_by()
    )
    return {(r["response__survey_id"], r["question__area"]): (r["total"], r["good"]) for r in rows}


def _score_counts(survey: Survey) -> dict[int, dict[int, int]]:
    """{question id: {score: count}} in one query."""
    found: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (
        SurveyAnswer.objects.filter(response__survey=survey, score__isnull=False)
        .values_list("question_id", "score")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for question_id, score, n in rows:
        found[question_id][score] = n
    return found


def _texts(survey: Survey, question_ids: list[int]) -> dict[int, list[str]]:
    """The free texts of the questions with enough answers, sorted by their text (one query)."""
    found: dict[int, list[str]] = defaultdict(list)
    if not question_ids:
        return found
    rows = (
        SurveyAnswer.objects.filter(response__survey=survey, question_id__in=question_ids)
        .exclude(text="")
        .values_list("question_id", "text")
        .order_by()
    )
    for question_id, text in rows:
        found[question_id].append(text)
    for texts in found.values():
        texts.sort()  # by the text itself (the database's collation may differ)
    return found


def _scale_result(result: QuestionResult, by_score: dict[int, int]) -> None:
    total = result.answered
    result.counts = [
        (score, str(label), by_score.get(score, 0), rate(by_score.get(score, 0), total))
        for score, label in sorted(Scale.choices, reverse=True)
    ]
    good = sum(n for score, n in by_score.items() if score >= SATISFIED_FROM)
    result.satisfied = rate(good, total)
    points = sum(score * n for score, n in by_score.items())
    result.mean = (Decimal(points) / total).quantize(Decimal("0.01"))


def survey_results(survey: Survey) -> SurveyResult:
    """The survey's figures per question, its response rate and the comparison with the
    previous term's survey by service. A constant number of queries (eight), whatever the
    number of responses."""
    questions = list(survey.questions.all())
    invited, responded = invitation_counts_of(survey)
    shown = responded >= MIN_ANSWERS
    counts = _score_counts(survey) if shown else {}
    text_answered = (
        dict(
            SurveyAnswer.objects.filter(response__survey=survey)
            .exclude(text="")
            .values_list("question_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        if shown
        else {}
    )
    enough_text = [q for q, n in text_answered.items() if n >= MIN_ANSWERS]
    texts = _texts(survey, enough_text) if shown else {}
    before = previous_survey(survey)
    figures = _area_figures([survey.pk, *([before.pk] if before else [])]) if shown else {}
    results = []
    for question in questions:
        by_score = counts.get(question.pk, {})
        answered = sum(by_score.values()) + text_answered.get(question.pk, 0)
        result = QuestionResult(question, answered, shown and answered >= MIN_ANSWERS)
        if result.shown and question.kind == QuestionKind.SCALE:
            _scale_result(result, by_score)
            if before is not None:
                result.previous = _satisfied(*figures.get((before.pk, question.area), (0, 0)))
        elif result.shown:
            result.texts = texts.get(question.pk, [])
        results.append(result)
    return SurveyResult(
        survey=survey,
        invited=invited,
        responded=responded,
        response_rate=rate(responded, invited),
        shown=shown,
        questions=results,
        previous_survey=before,
        areas=_areas(survey, before, questions, figures),
        satisfied=_overall(survey, figures),
    )


def _areas(survey, before, questions, figures) -> list[AreaResult]:
    asked = {q.area for q in questions if q.kind == QuestionKind.SCALE}
    return [
        AreaResult(
            area=value,
            label=str(label),
            satisfied=_satisfied(*figures.get((survey.pk, value), (0, 0))),
            previous=_satisfied(*figures.get((before.pk, value), (0, 0))) if before else None,
        )
        for value, label in ServiceArea.choices
        if value in asked
    ]


def _overall(survey: Survey, figures) -> Decimal | None:
    total = sum(t for (sid, _a), (t, _g) in figures.items() if sid == survey.pk)
    good = sum(g for (sid, _a), (_t, g) in figures.items() if sid == survey.pk)
    return _satisfied(total, good)


def invitation_counts_of(survey: Survey) -> tuple[int, int]:
    found = SurveyInvitation.objects.filter(survey=survey).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(used_on__isnull=False))
    )
    return found["invited"], found["answered"]


def waiting_invitations(invitations: QuerySet[SurveyInvitation]) -> QuerySet[SurveyInvitation]:
    """The invitations still to answer of open surveys (the to-do and its list)."""
    return invitations.filter(used_on__isnull=True, survey__status=SurveyStatus.OPEN)


# ---- the metrics (many schools at once) ----
def surveys_of_period(school_ids: Sequence[int], period: Period) -> QuerySet[Survey]:
    """The sent surveys of these schools whose term overlaps the period."""
    return Survey.objects.filter(
        school_id__in=school_ids,
        status__in=SENT,
        term__start__lt=period.end,
        term__end__gte=period.start,
    )


def satisfaction_by_school(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    """% of 4–5 among the scale answers of the period's surveys, per school (one query);
    None (no data) below MIN_ANSWERS answers or MIN_ANSWERS people answering (a handful of
    people answering many questions could otherwise be singled out)."""
    rows = (
        SurveyAnswer.objects.filter(
            response__survey__in=surveys_of_period(school_ids, period),
            question__kind=QuestionKind.SCALE,
        )
        .values("response__school_id")
        .annotate(
            total=Count("pk"),
            good=Count("pk", filter=Q(score__gte=SATISFIED_FROM)),
            people=Count("response_id", distinct=True),
        )
        .order_by()
    )
    return {
        r["response__school_id"]: _satisfied(r["total"], r["good"])
        if r["people"] >= MIN_ANSWERS
        else None
        for r in rows
    }


def response_rate_by_school(school_ids: Sequence[int], period: Period) -> dict[int, Value]:
    """Answered / invited over the period's surveys, per school (one query)."""
    rows = (
        SurveyInvitation.objects.filter(survey__in=surveys_of_period(school_ids, period))
        .values("school_id")
        .annotate(
            invited=Count("pk"),
            answered=Count("pk", filter=Q(used_on__isnull=False)),
        )
        .order_by()
    )
    return {r["school_id"]: rate(r["answered"], r["invited"]) for r in rows}


# ---- the twelve-month trends (one query each, whatever the number of months) ----
def _by_month(period: Period, rows: list[dict], figure) -> dict[str, Value]:
    """Each month's figure from the surveys whose term overlaps it."""
    found: dict[str, Value] = {}
    for month in period.months():
        sums: dict[str, int] = defaultdict(int)
        for row in rows:
            if row["start"] < month.end and row["end"] >= month.start:
                for key in ("total", "good", "people"):
                    sums[key] += row.get(key, 0)
        found[month.code] = figure(sums) if sums else None
    return found


def satisfaction_monthly(school_id: int, period: Period) -> dict[str, Value]:
    rows = list(
        SurveyAnswer.objects.filter(
            response__survey__in=surveys_of_period([school_id], period),
            question__kind=QuestionKind.SCALE,
        )
        .values("response__survey_id")
        .annotate(
            start=Min("response__survey__term__start"),
            end=Max("response__survey__term__end"),
            total=Count("pk"),
            good=Count("pk", filter=Q(score__gte=SATISFIED_FROM)),
            people=Count("response_id", distinct=True),
        )
        .order_by()
    )
    return _by_month(
        period,
        rows,
        lambda s: _satisfied(s["total"], s["good"]) if s["people"] >= MIN_ANSWERS else None,
    )


def response_rate_monthly(school_id: int, period: Period) -> dict[str, Value]:
    rows = list(
        SurveyInvitation.objects.filter(survey__in=surveys_of_period([school_id], period))
        .values("survey_id")
        .annotate(
            start=Min("survey__term__start"),
            end=Max("survey__term__end"),
            total=Count("pk"),
            good=Count("pk", filter=Q(used_on__isnull=False)),
        )
        .order_by()
    )
    return _by_month(period, rows, lambda s: rate(s["good"], s["total"]))
