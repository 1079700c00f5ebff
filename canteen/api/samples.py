"""API bases of the sample resources (their viewsets and serializers are generated in
canteen/views/samples.py): a sample is added through the same service as the phone page and
the form, and disposed through the same service as the page and the admin."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from canteen.services import samples as services
from core.api.base import ScopedSerializer, ScopedViewSet

NO_BODY = extend_schema(request=None)


class FoodSampleSerializerBase(ScopedSerializer):
    def validate(self, attrs):
        instance = self.instance
        if instance is not None and instance.disposed_at is not None:
            raise serializers.ValidationError(_("A disposed sample cannot be changed."))
        school_id = self.context["request"].user.school_id

        def pick(name):
            return attrs.get(name, getattr(instance, name, None))

        errors = services.sample_errors(
            school_id=school_id,
            day=pick("day"),
            meal=pick("meal"),
            dish=pick("dish"),
            fridge=attrs.get("fridge"),
        )
        if errors:
            raise serializers.ValidationError(errors)
        return super().validate(attrs)


# No docstrings on these viewset bases: they would become every operation's description.
class FoodSampleActions(ScopedViewSet):
    def access_action(self) -> str:
        if self.action == "dispose":
            return "dispose"
        return super().access_action()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance, _created = services.sample_record(
            school=self.member_school(),
            actor=self.request.user,
            checked=True,  # the serializer validated the dish and the refrigerator
            day=data["day"],
            meal=data["meal"],
            dish=data["dish"],
            weight_grams=data["weight_grams"],
            fridge=data["fridge"],
            taken_at=data.get("taken_at"),
            photo=data.get("photo"),
        )

    @NO_BODY
    @action(detail=True, methods=["post"])
    def dispose(self, request, pk=None):
        sample = services.sample_dispose(sample=self.get_object(), actor=request.user)
        return Response(self.get_serializer(sample).data)


class FridgeTemperatureActions(ScopedViewSet):
    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save(school=self.member_school(), recorded_by=self.request.user)
