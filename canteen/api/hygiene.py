"""API bases of the hygiene records: the models' clean() rules run for the API as for the forms,
saving goes through the same services, the 陪餐 problem's step is generated from its workflow."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from canteen import hygiene_tables as tables
from canteen.models import AccompaniedMeal, DisinfectionBatch, HygieneFlag
from canteen.services import hygiene as services
from canteen.workflow_hygiene import MEAL_WORKFLOW
from core.api.base import ScopedSerializer, ScopedViewSet
from core.api.workflow import WorkflowActionsMixin


class CleanedSerializer(ScopedSerializer):
    """Runs the model's clean() on the row as it would be saved (the rules of the forms)."""

    def validate(self, attrs):
        model: Any = self.Meta.model
        instance = self.instance or model(school=self.context["request"].user.school)
        for name, value in attrs.items():
            setattr(instance, name, value)
        try:
            instance.clean()
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        # clean() may normalise (a fit check loses its reason, even on a PATCH that sent only
        # `fit`): every writable field is saved as it was checked, then the constraints run.
        writable = [n for n, f in self.fields.items() if not f.read_only and n != "id"]
        attrs = {name: getattr(instance, name) for name in {*attrs, *writable}}
        return super().validate(attrs)


class DisinfectionBatchSerializer(CleanedSerializer):
    def create(self, validated_data):
        batch = DisinfectionBatch(**validated_data)
        return services.disinfection_save(batch=batch, actor=self.context["request"].user)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.disinfection_save(batch=instance, actor=self.context["request"].user)


class MorningCheckSerializer(CleanedSerializer):
    def create(self, validated_data):
        return super().create({**validated_data, "checked_by": self.context["request"].user})


class AccompaniedMealSerializer(CleanedSerializer):
    def create(self, validated_data):
        meal = AccompaniedMeal(**validated_data)
        return services.meal_save(meal=meal, actor=self.context["request"].user)

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return services.meal_save(meal=instance, actor=self.context["request"].user)


class MonthlyReviewSerializer(CleanedSerializer):
    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated and "task" in fields:
            from canteen.forms_hygiene import review_rounds

            fields["task"].queryset = review_rounds(request.user)
        return fields


class ResolveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000)


class AccompaniedMealActions(WorkflowActionsMixin, ScopedViewSet):
    workflow = MEAL_WORKFLOW
    step_serializers = {"resolve": ResolveSerializer}

    def perform_step(self, transition, obj, data):
        return services.meal_problem_resolve(meal=obj, actor=self.request.user, **data)


class HygieneFlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = HygieneFlag
        fields = ["id", "day", "meal", "kind", "created_at", "notified_at"]
        read_only_fields = fields


class HygieneFlagViewSet(ScopedViewSet):
    """Meals served without a disinfection record or a leader's 陪餐 (the daily check's flags)."""

    model = HygieneFlag
    serializer_class = HygieneFlagSerializer
    filterset_class = tables.HygieneFlagFilterSet
    ordering_fields = ["day"]
    http_method_names = ["get", "head", "options"]
