"""Planning: satisfaction surveys (issue 13, point 5).

Anonymity is a property of these tables, not of the pages that read them:

- ``SurveyInvitation`` says *who* was asked and whether they answered (``used_on``, a day), and
  holds only a SHA-256 hash of the person's one-time token;
- ``SurveyResponse`` / ``SurveyAnswer`` say *what* was answered. They hold no person, no token,
  no hash and no link to the invitation; their keys are random UUIDs (no insertion order) and a
  response keeps only the day it was given. They are not SchoolScopedModel (no exact
  ``created_at``/``updated_at``) and are not written to the audit log (which would keep the actor).

Nobody's role reads a response or an answer row: pages, the API and the export read aggregates
(planning.services_surveys).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.access import ALL_ROLES, READERS, Access
from core.choices import Role
from core.models import School, SchoolScopedModel, Term

SURVEY_WRITERS = frozenset({Role.DIRECTOR, Role.PRINCIPAL})
# The office's own staff: a survey about the office's services may leave them out.
OFFICE_STAFF = frozenset({Role.LOGISTICS, Role.WORKER, Role.DIRECTOR})
# Below this many answers a figure or a free-text list is not shown (nobody can be singled out).
MIN_ANSWERS = 5
SCALE_MIN, SCALE_MAX = 1, 5
SATISFIED_FROM = 4  # 满意 and 非常满意
NOBODY = frozenset[str]()


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 1–5")
    TEXT = "text", _("Free text")


class ServiceArea(models.TextChoices):
    """The office's services a question is about: results are compared term to term by area."""

    REPAIRS = "repairs", _("Repairs")
    CANTEEN = "canteen", _("Canteen")
    CLEANING = "cleaning", _("Cleaning")
    SAFETY = "safety", _("Safety")
    PROCUREMENT = "procurement", _("Procurement")
    ASSETS = "assets", _("Assets and supplies")
    GENERAL = "general", _("The office overall")


class Scale(models.IntegerChoices):
    VERY_SATISFIED = 5, pgettext_lazy("survey scale", "Very satisfied")
    SATISFIED = 4, pgettext_lazy("survey scale", "Satisfied")
    NEUTRAL = 3, pgettext_lazy("survey scale", "Neutral")
    DISSATISFIED = 2, pgettext_lazy("survey scale", "Dissatisfied")
    VERY_DISSATISFIED = 1, pgettext_lazy("survey scale", "Very dissatisfied")


class Survey(SchoolScopedModel):
    """A term's satisfaction survey. Drafted by the director or principal, then sent (open),
    then closed; its questions are fixed once it is sent."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name=_("term"))
    title = models.CharField(_("title"), max_length=120)
    intro = models.TextField(_("introduction"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus, default=SurveyStatus.DRAFT
    )
    closes_on = models.DateField(_("answers accepted until"))
    exclude_office_staff = models.BooleanField(
        _("leave out the office's own staff"),
        default=True,
        help_text=_("Logistics staff, repair workers and the director are not asked."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    access = Access(
        view=READERS,
        manage=SURVEY_WRITERS,
        # Everyone else of the school sees the surveys that were sent (to answer them).
        own=ALL_ROLES,
        own_rows=lambda user: ~Q(status=SurveyStatus.DRAFT),
        extra_actions={"send": SURVEY_WRITERS, "close": SURVEY_WRITERS},
    )

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        ordering = ["-term__start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "term"], name="planning_survey_one_per_term"),
            models.CheckConstraint(
                condition=Q(status__in=SurveyStatus.values), name="planning_survey_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=SurveyStatus.DRAFT) | Q(sent_at__isnull=False),
                name="planning_survey_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:survey_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT


class SurveyResults(Survey):
    """A survey's aggregated results: who may read them (never the rows behind them)."""

    access = Access(view=READERS, manage=NOBODY)

    class Meta:
        proxy = True
        verbose_name = _("survey results")
        verbose_name_plural = _("survey results")


class SurveyQuestion(SchoolScopedModel):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind)
    area = models.CharField(
        _("service"), max_length=20, choices=ServiceArea, default=ServiceArea.GENERAL
    )
    required = models.BooleanField(_("answer required"), default=True)

    access = Access(
        view=READERS,
        manage=SURVEY_WRITERS,
        own=ALL_ROLES,
        own_rows=lambda user: ~Q(survey__status=SurveyStatus.DRAFT),
    )

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values), name="planning_question_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(area__in=ServiceArea.values), name="planning_question_area_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class SurveyInvitation(SchoolScopedModel):
    """One person asked to answer one survey: the "has responded" record. It holds the hash of
    the person's current one-time token and the day it was used, never what was answered."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("survey")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_invitations",
        verbose_name=_("person"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64, blank=True, editable=False)
    used_on = models.DateField(_("answered on"), null=True, blank=True, editable=False)

    # Each person reads only their own invitation; nobody lists who answered.
    access = Access(view=NOBODY, manage=NOBODY, own=ALL_ROLES, own_rows=lambda u: Q(person=u))

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"], name="planning_invitation_one_per_person"
            ),
            models.UniqueConstraint(
                fields=["token_hash"],
                condition=~Q(token_hash=""),
                name="planning_invitation_token_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} · {self.person}"


class SurveyResponse(models.Model):
    """One anonymous submission: no person, no token, no invitation, only the day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, verbose_name=_("school"))
    survey = models.ForeignKey(
        Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey")
    )
    submitted_on = models.DateField(_("submitted on"))

    access = Access(view=NOBODY, manage=NOBODY)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")

    def __str__(self) -> str:
        return str(_("anonymous response"))


class SurveyAnswer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True, choices=Scale)
    text = models.TextField(_("answer"), max_length=2000, blank=True)

    access = Access(view=NOBODY, manage=NOBODY, school_path="response__school")

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="planning_answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=(
                    Q(score__isnull=False, score__gte=SCALE_MIN, score__lte=SCALE_MAX, text="")
                    | (Q(score__isnull=True) & ~Q(text=""))
                ),
                name="planning_answer_score_or_text",
            ),
        ]

    def __str__(self) -> str:
        return str(_("anonymous answer"))
