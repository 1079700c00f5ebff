"""Demo surveys of 红星实验小学 (idempotent: one survey per term, found by its term).

The previous term's survey is closed with enough answers for its results to show (nobody was
notified of it); this term's survey is a draft the director can edit and send.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from core.models import School, Term, User
from planning import services_surveys as services
from planning.models import QuestionKind, Survey, SurveyInvitation, SurveyStatus

PREVIOUS_TERM = ("2025—2026学年第二学期", dt.date(2026, 2, 23), dt.date(2026, 7, 3))
COMMENTS = [
    "食堂菜品可以再丰富一些",
    "报修响应很快，感谢师傅们",
    "教学楼三楼卫生间保洁需要加强",
    "希望采购流程更简便",
    "校园安全巡查很到位",
    "办公用品领用方便",
]


def seed_surveys_demo() -> None:
    school = School.objects.filter(code="hongxing").first()
    director = User.objects.filter(school=school, user_roles__role="director").first()
    if school is None or director is None:
        return
    with transaction.atomic():
        term, _created = Term.objects.get_or_create(
            school=school,
            name=PREVIOUS_TERM[0],
            defaults={"start": PREVIOUS_TERM[1], "end": PREVIOUS_TERM[2]},
        )
        if not Survey.objects.filter(school=school, term=term).exists():
            _closed_survey(director, term)
        current = Term.objects.filter(school=school, start__gt=term.start).order_by("start").first()
        if current is not None and not Survey.objects.filter(school=school, term=current).exists():
            # This term's survey is a draft, ready for the director to send.
            services.survey_create(
                actor=director,
                term=current,
                title=f"{current.name}后勤服务满意度调查",
                closes_on=current.end,
                intro="请根据本学期的感受如实填写，问卷匿名。",
            )


def _closed_survey(director: User, term: Term) -> None:
    """Sent, answered by every invited person (through the service, like anyone), closed."""
    survey = services.survey_create(
        actor=director,
        term=term,
        title=f"{term.name}后勤服务满意度调查",
        closes_on=timezone.localdate(),
    )
    services.survey_send(survey=survey, actor=director, tell=False)
    draw = random.Random(13)  # noqa: S311  (repeatable demo answers, not a secret)
    questions = list(survey.questions.all())
    for index, invitation in enumerate(SurveyInvitation.objects.filter(survey=survey)):
        token = services.invitation_issue_token(invitation=invitation)
        answers = {
            q.pk: (
                str(draw.choices([5, 4, 3, 2], weights=[5, 4, 2, 1])[0])
                if q.kind == QuestionKind.SCALE
                else COMMENTS[index % len(COMMENTS)]
            )
            for q in questions
        }
        services.survey_answer_submit(token=token, answers=answers)
    # The term is over: the survey closed at its end.
    Survey.objects.filter(pk=survey.pk).update(
        status=SurveyStatus.CLOSED,
        closes_on=term.end,
        closed_at=timezone.now(),
    )
