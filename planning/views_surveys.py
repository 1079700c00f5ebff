"""Survey pages: the list, drafting (director/principal), sending and closing, the phone-sized
answer page reached from the notification, and the results with charts and Excel export.
Views parse and render; planning.services_surveys decides."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from core import access, exports
from core.views.generic import ScopedViewMixin
from core.views.workflow import TransitionView, steps_for
from core.workflow import TransitionRefused
from planning import services_surveys as services
from planning.exports_surveys import results_xlsx, satisfaction_chart
from planning.forms_surveys import QuestionForm, SurveyForm
from planning.models.surveys import (
    MIN_ANSWERS,
    Scale,
    Survey,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResults,
)
from planning.selectors_surveys import invitation_counts_of, survey_results, waiting_invitations
from planning.workflow_surveys import SURVEY_WORKFLOW


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


class SurveyListView(ScopedViewMixin, TemplateView):
    """The school's surveys; each person sees whether one waits for their answer."""

    model = Survey
    template_name = "planning/surveys_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.get_queryset().select_related("term")
        if self.request.GET.get("from") and self.request.GET.get("to"):
            rows = rows.filter(
                term__start__lte=self.request.GET["to"], term__end__gte=self.request.GET["from"]
            )
        if self.request.GET.get("waiting"):
            rows = rows.filter(pk__in=self._waiting())
        mine = dict(
            access.scope(self.request.user, SurveyInvitation)
            .filter(survey__in=rows)
            .values_list("survey_id", "used_on")
        )
        context["rows"] = [(s, s.pk in mine, mine.get(s.pk)) for s in rows]
        context["can_read_results"] = access.can(self.request.user, SurveyResults, "view")
        return context

    def _waiting(self):
        return waiting_invitations(access.scope(self.request.user, SurveyInvitation)).values(
            "survey_id"
        )


class SurveyFormView(ScopedViewMixin, TemplateView):
    template_name = "planning/surveys_form.html"
    model = Survey
    action = "add"

    def form(self, data=None):
        return SurveyForm(data, user=self.request.user)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                survey = self.save(form.cleaned_data)
            except TransitionRefused as exc:
                messages.error(request, exc.messages[0])
                return self.render_to_response(self.get_context_data(form=form), status=409)
            except ValidationError as exc:
                for name, errors in _field_errors(exc).items():
                    form.add_error(None if name not in form.fields else name, errors)
            else:
                messages.success(request, _("Saved."))
                return redirect(survey.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(**kwargs)

    def save(self, data) -> Survey:
        return services.survey_create(actor=access.signed_in(self.request.user), **data)


class SurveyEditView(SurveyFormView):
    action = "change"

    def survey(self) -> Survey:
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def form(self, data=None):
        survey = self.survey()
        initial = {
            "title": survey.title,
            "intro": survey.intro,
            "closes_on": survey.closes_on,
            "exclude_office_staff": survey.exclude_office_staff,
        }
        return SurveyForm(data, user=self.request.user, editing=True, initial=initial)

    def save(self, data) -> Survey:
        return services.survey_update(
            survey=self.survey(), actor=access.signed_in(self.request.user), **data
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("object", self.survey())
        return super().get_context_data(**kwargs)


class SurveyDetailView(ScopedViewMixin, TemplateView):
    """A survey's questions, its steps (send, close) and, while a draft, the question editor."""

    model = Survey
    template_name = "planning/surveys_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = kwargs.get("object") or get_object_or_404(
            self.get_queryset().select_related("term"), pk=self.kwargs["pk"]
        )
        invited, answered = invitation_counts_of(survey)
        context.update(
            object=survey,
            questions=list(access.scope(self.request.user, SurveyQuestion).filter(survey=survey)),
            steps=steps_for(SURVEY_WORKFLOW, self.request.user, survey),
            editable=survey.is_draft and self.permitted("change"),
            question_form=kwargs.get("question_form") or QuestionForm(),
            invited=invited,
            answered=answered,
            can_read_results=access.can(self.request.user, SurveyResults, "view"),
        )
        return context


class SurveyStepView(TransitionView, SurveyDetailView):
    """POST send/ or close/: the declared step through its service."""

    workflow = SURVEY_WORKFLOW

    def take(self, transition, obj):
        actor = access.signed_in(self.request.user)
        try:
            if transition.name == "send":
                services.survey_send(survey=obj, actor=actor)
                messages.success(self.request, _("The survey was sent."))
            else:
                services.survey_close(survey=obj, actor=actor)
                messages.success(self.request, _("The survey was closed."))
        except TransitionRefused:
            raise
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return self.render_refused(obj, status=400)
        return redirect(obj.get_absolute_url())


class QuestionAddView(SurveyDetailView):
    """POST: a question at the end of a draft (refused once sent: 409)."""

    action = "change"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        survey = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        form = QuestionForm(request.POST)
        if not form.is_valid():
            return self._again(survey, form, 400)
        try:
            services.question_add(
                survey=survey, actor=access.signed_in(request.user), **form.cleaned_data
            )
        except TransitionRefused as exc:
            messages.error(request, exc.messages[0])
            return self._again(survey, form, exc.status_code)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self._again(survey, form, 400)
        return redirect(survey.get_absolute_url())

    def _again(self, survey, form, status):
        context = self.get_context_data(object=survey, question_form=form)
        return TemplateResponse(self.request, self.template_name, context, status=status)


class QuestionRemoveView(QuestionAddView):
    def post(self, request, *args, **kwargs):
        survey = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        scoped = access.scope(request.user, SurveyQuestion, "delete")
        question = get_object_or_404(scoped, pk=kwargs["question"], survey=survey)
        try:
            services.question_remove(question=question, actor=access.signed_in(request.user))
        except TransitionRefused as exc:
            messages.error(request, exc.messages[0])
            return self._again(survey, QuestionForm(), exc.status_code)
        return redirect(survey.get_absolute_url())


class RefusalMixin:
    request: HttpRequest

    def url_name(self, suffix: str) -> str:
        return f"planning:survey_{suffix}"  # the survey's pages, not the invitation's

    def refused(self, exc: TransitionRefused) -> HttpResponse:
        if exc.status_code == 404:
            raise Http404(exc.messages[0])
        context = {"message": exc.messages[0]}
        return TemplateResponse(
            self.request,
            "planning/surveys_refused.html",
            context,
            status=exc.status_code,
        )


class SurveyTakeView(RefusalMixin, ScopedViewMixin, View):
    """The notification's link: a fresh one-time token for the person's own invitation, then
    the answer page. Only the token's hash is kept."""

    model = SurveyInvitation

    def get(self, request, *args, **kwargs):
        invitation = get_object_or_404(self.get_queryset(), survey_id=kwargs["pk"])
        try:
            token = services.invitation_issue_token(invitation=invitation)
        except TransitionRefused as exc:
            return self.refused(exc)
        return redirect("planning:survey_answer", token=token)


class SurveyAnswerView(RefusalMixin, ScopedViewMixin, TemplateView):
    """The phone-sized answer page; the token must be one of the person's own invitations."""

    model = SurveyInvitation
    template_name = "planning/surveys_answer.html"

    def invitation(self) -> SurveyInvitation:
        return get_object_or_404(
            self.get_queryset().select_related("survey"),
            token_hash=services.token_hash(self.kwargs["token"]),
        )

    def get(self, request, *args, **kwargs):
        invitation = self.invitation()
        try:
            services.refuse_if_used(invitation)
            services.refuse_if_not_answerable(invitation.survey)
        except TransitionRefused as exc:
            return self.refused(exc)
        return self.render_to_response(self.get_context_data(invitation=invitation))

    def post(self, request, *args, **kwargs):
        invitation = self.invitation()
        questions = list(invitation.survey.questions.all())
        raw = {q.pk: request.POST.get(f"q{q.pk}", "") for q in questions}
        try:
            services.survey_answer_submit(token=kwargs["token"], answers=raw)
        except TransitionRefused as exc:
            return self.refused(exc)
        except ValidationError as exc:
            context = self.get_context_data(
                invitation=invitation, errors=_field_errors(exc), given=raw
            )
            return self.render_to_response(context, status=400)
        return TemplateResponse(
            request, "planning/surveys_thanks.html", {"survey": invitation.survey}
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        survey = kwargs["invitation"].survey
        errors = kwargs.get("errors", {})
        given = kwargs.get("given", {})
        context.update(
            survey=survey,
            scale=Scale.choices,
            fields=[
                (q, errors.get(f"q{q.pk}", []), str(given.get(q.pk, "")))
                for q in survey.questions.all()
            ],
            form_errors=errors.get("__all__", []),
        )
        return context


class SurveyResultsView(ScopedViewMixin, TemplateView):
    """Aggregates only: per question, the response rate, the comparison with the previous
    term; ?export=xlsx downloads the same figures."""

    model = SurveyResults
    template_name = "planning/surveys_results.html"

    def url_name(self, suffix: str) -> str:
        return f"planning:survey_{suffix}"  # the proxy has no pages of its own

    def get(self, request, *args, **kwargs):
        survey = get_object_or_404(self.get_queryset().select_related("term"), pk=kwargs["pk"])
        result = survey_results(survey)
        if request.GET.get("export") == "xlsx":
            response = HttpResponse(results_xlsx(result), content_type=exports.XLSX_CONTENT_TYPE)
            name = f"survey-{survey.pk}-results.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        context = self.get_context_data(
            object=survey,
            result=result,
            chart=satisfaction_chart(result) if result.shown else None,
            min_answers=MIN_ANSWERS,
            export_url=reverse("planning:survey_results", args=[survey.pk]) + "?export=xlsx",
        )
        return self.render_to_response(context)


urlpatterns = [
    path("surveys/", SurveyListView.as_view(), name="survey_list"),
    path("surveys/add/", SurveyFormView.as_view(), name="survey_add"),
    path("surveys/<int:pk>/", SurveyDetailView.as_view(), name="survey_detail"),
    path("surveys/<int:pk>/edit/", SurveyEditView.as_view(), name="survey_edit"),
    path("surveys/<int:pk>/questions/", QuestionAddView.as_view(), name="survey_question_add"),
    path(
        "surveys/<int:pk>/questions/<int:question>/remove/",
        QuestionRemoveView.as_view(),
        name="survey_question_remove",
    ),
    path("surveys/<int:pk>/take/", SurveyTakeView.as_view(), name="survey_take"),
    path("surveys/<int:pk>/results/", SurveyResultsView.as_view(), name="survey_results"),
    path("surveys/answer/<str:token>/", SurveyAnswerView.as_view(), name="survey_answer"),
    path("surveys/<int:pk>/<slug:step>/", SurveyStepView.as_view(), name="survey_step"),
]
