"""/api/v1/planning/surveys/: surveys (read) and their aggregated results. No endpoint lists a
response or an answer: ``results/`` returns what the results page shows, suppressed alike."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core import access
from core.api.base import ScopedSerializer, ScopedViewSet
from planning.models import Survey, SurveyQuestion, SurveyResults
from planning.selectors_surveys import SurveyResult, survey_results


class SurveyQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SurveyQuestion
        fields = ["id", "position", "text", "kind", "area", "required"]


class SurveySerializer(ScopedSerializer):
    questions = SurveyQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "term",
            "title",
            "intro",
            "status",
            "closes_on",
            "exclude_office_staff",
            "sent_at",
            "closed_at",
            "questions",
        ]
        read_only_fields = fields


def results_body(result: SurveyResult) -> dict:
    """The results page as data: figures only, None where fewer than 5 answers."""
    return {
        "survey": result.survey.pk,
        "invited": result.invited,
        "answered": result.responded,
        "response_rate": result.response_rate,
        "shown": result.shown,
        "satisfied": result.satisfied,
        "previous_survey": result.previous_survey.pk if result.previous_survey else None,
        "questions": [
            {
                "question": q.question.pk,
                "text": q.question.text,
                "kind": q.question.kind,
                "area": q.question.area,
                "answered": q.answered,
                "shown": q.shown,
                "counts": {str(score): n for score, _l, n, _p in q.counts} if q.shown else None,
                "satisfied": q.satisfied,
                "mean": q.mean,
                "previous": q.previous,
                "texts": q.texts if q.shown else None,
            }
            for q in result.questions
        ],
        "areas": [
            {"area": a.area, "satisfied": a.satisfied, "previous": a.previous} for a in result.areas
        ],
    }


class SurveyViewSet(ScopedViewSet):
    """Read-only: surveys are drafted and sent on their pages (the services behind them)."""

    model = Survey
    base_queryset = Survey.objects.select_related("term").prefetch_related("questions")
    serializer_class = SurveySerializer
    http_method_names = ["get", "head", "options"]
    ordering_fields = ["closes_on"]

    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        if not access.can(request.user, SurveyResults, "view"):
            raise PermissionDenied()
        scoped = access.scope(request.user, SurveyResults.objects.select_related("term"))
        survey = get_object_or_404(scoped, pk=pk)
        return Response(results_body(survey_results(survey)))
