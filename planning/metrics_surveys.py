"""The survey figures (core.metrics): satisfaction % of 4–5 and the response rate of the
period's surveys, for many schools at once (grouped SQL aggregates)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import metrics
from core.metrics import HIGHER, Metric, Period
from planning import selectors_surveys as selectors


def _link(period: Period) -> str:
    last = period.end - dt.timedelta(days=1)
    return reverse("planning:survey_list") + f"?from={period.start}&to={last}"


# The answers are anonymous and never listed one by one: the report shows no rows behind them.
ANONYMOUS = _(
    "Anonymous answers are never listed one by one: the survey's results page shows them."
)


def register() -> None:
    metrics.register(
        Metric(
            key="planning.survey_satisfaction",
            label=_("Survey satisfaction"),
            unit="%",
            direction=HIGHER,
            module="planning",
            compute=selectors.satisfaction_by_school,
            monthly=selectors.satisfaction_monthly,
            link=_link,
            no_rows=ANONYMOUS,
            model="planning.SurveyResults",
            help=_(
                "Share of 4–5 answers (satisfied, very satisfied) among the scale answers of the "
                "surveys of the terms in the period; no data below 5 answers."
            ),
        ),
        Metric(
            key="planning.survey_response_rate",
            label=_("Survey response rate"),
            unit="%",
            direction=HIGHER,
            module="planning",
            compute=selectors.response_rate_by_school,
            monthly=selectors.response_rate_monthly,
            link=_link,
            no_rows=ANONYMOUS,
            model="planning.SurveyResults",
            help=_("People who answered among those asked, in the surveys of the period's terms."),
        ),
    )
