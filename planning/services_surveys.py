"""Satisfaction surveys: drafting, sending, anonymous answers (planning.models.surveys).

What the services guarantee:

- a survey's questions change only while it is a draft;
- sending opens the survey, makes one invitation per person asked (the office's own staff left
  out when the survey says so) and tells each of them in-app and by e-mail;
- a person's one-time token exists in clear only in the link they are given; the database keeps
  its SHA-256 hash. Answering with it stores a response that names nobody and marks the
  invitation used, in one transaction: a second submission with the same token, an answer outside
  1–5, a missing required answer or an answer after the survey closed is refused and nothing is
  saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.access import ALL_ROLES
from core.choices import Role
from core.models import Term, User
from core.services import notify
from core.workflow import Effect, TransitionRefused
from planning.models.surveys import (
    OFFICE_STAFF,
    SCALE_MAX,
    SCALE_MIN,
    QuestionKind,
    ServiceArea,
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyStatus,
)
from planning.workflow_surveys import SURVEY_WORKFLOW

MAX_TEXT = 2000

# The questions a new survey starts with (the director edits them before sending).
STANDARD_QUESTIONS: list[tuple[str, str, str]] = [
    (ServiceArea.REPAIRS, QuestionKind.SCALE, gettext_noop("How satisfied are you with repairs?")),
    (
        ServiceArea.CANTEEN,
        QuestionKind.SCALE,
        gettext_noop("How satisfied are you with the canteen?"),
    ),
    (
        ServiceArea.CLEANING,
        QuestionKind.SCALE,
        gettext_noop("How satisfied are you with cleaning?"),
    ),
    (
        ServiceArea.SAFETY,
        QuestionKind.SCALE,
        gettext_noop("How satisfied are you with campus safety?"),
    ),
    (
        ServiceArea.PROCUREMENT,
        QuestionKind.SCALE,
        gettext_noop("How satisfied are you with procurement and supplies?"),
    ),
    (ServiceArea.GENERAL, QuestionKind.TEXT, gettext_noop("What should the office do better?")),
]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _refuse_unless_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise TransitionRefused(
            _("“%(title)s” has been sent: its questions can no longer be changed.")
            % {"title": survey.title},
            code="survey_sent",
            status_code=409,
        )


def _locked(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


# ---- drafting ----
@transaction.atomic
def survey_create(
    *,
    actor: User,
    term: Term,
    title: str,
    closes_on: dt.date,
    intro: str = "",
    exclude_office_staff: bool = True,
    standard_questions: bool = True,
) -> Survey:
    """A draft survey of the actor's school for ``term``, with the standard questions unless
    told otherwise. Refused: another school's term, a second survey for the term."""
    if term.school_id != actor.school_id:
        raise ValidationError({"term": _("Choose a term of your school.")})
    if Survey.objects.filter(school_id=actor.school_id, term=term).exists():
        raise ValidationError({"term": _("This term already has a survey.")})
    survey = Survey(
        school_id=actor.school_id,
        term=term,
        title=title,
        intro=intro,
        closes_on=closes_on,
        exclude_office_staff=exclude_office_staff,
    )
    survey.full_clean()
    survey.save()
    if standard_questions:
        SurveyQuestion.objects.bulk_create(
            SurveyQuestion(
                school_id=survey.school_id,
                survey=survey,
                position=number,
                area=area,
                kind=kind,
                text=_(text),
                required=kind == QuestionKind.SCALE,
            )
            for number, (area, kind, text) in enumerate(STANDARD_QUESTIONS, start=1)
        )
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, actor: User, **fields: object) -> Survey:
    """Change a draft's title, introduction, deadline or audience; refused once sent."""
    survey = _locked(survey)
    _refuse_unless_draft(survey)
    for name in ("title", "intro", "closes_on", "exclude_office_staff"):
        if name in fields:
            setattr(survey, name, fields[name])
    survey.full_clean(exclude=["term", "school"])
    survey.save()
    return survey


@transaction.atomic
def question_add(
    *, survey: Survey, actor: User, text: str, kind: str, area: str, required: bool = True
) -> SurveyQuestion:
    """A question at the end of a draft; refused once the survey is sent."""
    survey = _locked(survey)
    _refuse_unless_draft(survey)
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = SurveyQuestion(
        school_id=survey.school_id,
        survey=survey,
        position=last + 1,
        text=text,
        kind=kind,
        area=area,
        required=required,
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def question_remove(*, question: SurveyQuestion, actor: User) -> None:
    """Remove a question of a draft; refused once the survey is sent."""
    _refuse_unless_draft(_locked(question.survey))
    question.delete()


# ---- sending and closing ----
def recipients_for(survey: Survey) -> list[User]:
    """The active people of the survey's school asked to answer (one query)."""
    people = User.objects.filter(school_id=survey.school_id, is_active=True).filter(
        user_roles__role__in=ALL_ROLES - {Role.DISTRICT}
    )
    if survey.exclude_office_staff:
        people = people.exclude(user_roles__role__in=OFFICE_STAFF)
    return list(people.distinct().order_by("pk"))


def survey_send(*, survey: Survey, actor: User, tell: bool = True) -> Survey:
    """Open the survey: one invitation per person asked, each told in-app and by e-mail with
    the link that gives them their one-time token (``tell=False``: nobody is told, for the
    demo's past survey). Refused without questions, with a deadline already past, or with
    nobody to ask."""

    def apply(row: Survey) -> Effect:
        if not row.questions.exists():
            raise ValidationError(_("Add at least one question before sending the survey."))
        if row.closes_on < timezone.localdate():
            raise ValidationError(
                {"closes_on": _("The deadline has passed: choose a later day before sending.")}
            )
        people = recipients_for(row)
        if not people:
            raise ValidationError(_("Nobody of the school would be asked: check the audience."))
        SurveyInvitation.objects.bulk_create(
            SurveyInvitation(school_id=row.school_id, survey=row, person=person)
            for person in people
        )
        row.sent_at = timezone.now()
        if not tell:
            return Effect(data={"invited": len(people)})
        notify(
            recipients=people,
            school=row.school,
            title=_("A survey waits for your answer: %(title)s") % {"title": row.title},
            body=_("Anonymous; answers accepted until %(day)s.") % {"day": row.closes_on},
            url=reverse("planning:survey_take", args=[row.pk]),
        )
        return Effect(data={"invited": len(people)})

    return SURVEY_WORKFLOW.run("send", row=survey, actor=actor, apply=apply)


def survey_close(*, survey: Survey, actor: User | None) -> Survey:
    """Close the survey: no answer is accepted afterwards."""

    def apply(row: Survey) -> Effect:
        row.closed_at = timezone.now()
        return Effect()

    return SURVEY_WORKFLOW.run("close", row=survey, actor=actor, apply=apply, system=actor is None)


@transaction.atomic
def surveys_close_past_deadline(*, today: dt.date | None = None) -> int:
    """Close every open survey whose deadline has passed (the daily task); returns how many."""
    today = today or timezone.localdate()
    due = list(Survey.objects.filter(status=SurveyStatus.OPEN, closes_on__lt=today))
    for survey in due:
        survey_close(survey=survey, actor=None)
    return len(due)


# ---- answering ----
def refuse_if_not_answerable(survey: Survey) -> None:
    if survey.status != SurveyStatus.OPEN or survey.closes_on < timezone.localdate():
        raise TransitionRefused(
            _("The survey “%(title)s” is closed: answers are no longer accepted.")
            % {"title": survey.title},
            code="survey_closed",
            status_code=409,
        )


def refuse_if_used(invitation: SurveyInvitation) -> None:
    if invitation.used_on is not None:
        raise TransitionRefused(
            _("You have already answered this survey; an answer cannot be given twice or changed."),
            code="already_answered",
            status_code=409,
        )


@transaction.atomic
def invitation_issue_token(*, invitation: SurveyInvitation) -> str:
    """A fresh one-time token for the person's unused invitation (an earlier one stops
    working); only its hash is stored. Refused once answered or once the survey closed."""
    locked = (
        SurveyInvitation.objects.select_for_update().select_related("survey").get(pk=invitation.pk)
    )
    refuse_if_used(locked)
    refuse_if_not_answerable(locked.survey)
    token = secrets.token_urlsafe(24)
    SurveyInvitation.objects.filter(pk=locked.pk).update(token_hash=token_hash(token))
    return token


def clean_answers(questions: list[SurveyQuestion], raw: Mapping[int, str]) -> dict[int, object]:
    """{question id: score or text} for the given questions; every problem is a field error
    keyed ``q<id>`` (nothing is saved while one remains)."""
    errors: dict[str, str] = {}
    cleaned: dict[int, object] = {}
    for question in questions:
        value = (raw.get(question.pk) or "").strip()
        if not value:
            if question.required:
                errors[f"q{question.pk}"] = _("Please answer this question.")
            continue
        if question.kind == QuestionKind.SCALE:
            if not value.isdigit() or not SCALE_MIN <= int(value) <= SCALE_MAX:
                errors[f"q{question.pk}"] = _("Choose an answer from 1 to 5.")
                continue
            cleaned[question.pk] = int(value)
        elif len(value) > MAX_TEXT:
            errors[f"q{question.pk}"] = _("Keep the answer under %(n)s characters.") % {
                "n": MAX_TEXT
            }
        else:
            cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def survey_answer_submit(*, token: str, answers: Mapping[int, str]) -> None:
    """Store one anonymous response for the invitation the token belongs to and mark that
    invitation used. The response keeps the survey, the day and the answers: no person, no
    token, no invitation. Refusals: an unknown or used token, a closed survey, a bad answer."""
    invitation = (
        SurveyInvitation.objects.select_for_update()
        .select_related("survey")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invitation is None:
        raise TransitionRefused(
            _("This survey link is not valid (any more): open the survey from your notification."),
            code="bad_token",
            status_code=404,
        )
    refuse_if_used(invitation)
    survey = invitation.survey
    refuse_if_not_answerable(survey)
    cleaned = clean_answers(list(survey.questions.all()), answers)
    today = timezone.localdate()
    # The claim: a concurrent submission with the same token updates nothing and is refused.
    if not SurveyInvitation.objects.filter(pk=invitation.pk, used_on__isnull=True).update(
        used_on=today
    ):
        raise TransitionRefused(
            _("You have already answered this survey; an answer cannot be given twice or changed."),
            code="already_answered",
            status_code=409,
        )
    response = SurveyResponse.objects.create(
        school_id=survey.school_id, survey=survey, submitted_on=today
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            response=response,
            question_id=question_id,
            score=value if isinstance(value, int) else None,
            text=value if isinstance(value, str) else "",
        )
        for question_id, value in cleaned.items()
    )


def invitation_counts(survey_ids: list[int]) -> dict[int, tuple[int, int]]:
    """{survey id: (invited, answered)} in one query."""
    rows = (
        SurveyInvitation.objects.filter(survey_id__in=survey_ids)
        .values("survey_id")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(used_on__isnull=False)))
    )
    return {r["survey_id"]: (r["invited"], r["answered"]) for r in rows}
