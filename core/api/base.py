"""Base viewset and serializer: every API endpoint is role-checked and scoped to the user's school."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from core import access, services
from core.api.permissions import ACTIONS
from core.fields import PhotoField
from core.input_bounds import validate_plausible_date
from core.uploads import PhotoSerializerField

if TYPE_CHECKING:
    from rest_framework.request import Request

    from core.models import School, User

    class MemberRequest(Request):
        """An API request past RolePermission: its user is signed in."""

        user: User


def scope_serializer_fields(fields, request) -> None:
    """Related-record fields accept only the requester's school's rows (others: 'does not
    exist'); person fields accept any active member of that school."""
    from core.forms import people_of_school
    from core.models import User

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return  # schema generation: nothing to scope, nothing is read
    for field in fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        if queryset.model is User:
            field.queryset = people_of_school(user)
        elif hasattr(queryset.model, "access"):
            field.queryset = access.scope(user, queryset)


def related(fields: dict[str, serializers.Field], name: str) -> serializers.RelatedField:
    """The serializer's related-record field `name` (to narrow its queryset)."""
    field = fields[name]
    assert isinstance(field, serializers.RelatedField)  # declared so by the serializer
    return field


class ScopedFieldsMixin(serializers.Serializer):
    """For plain serializers (workflow step bodies): the same scoping as ScopedSerializer."""

    def get_fields(self):
        fields = super().get_fields()
        scope_serializer_fields(fields, self.context.get("request"))
        return fields


class ScopedSerializer(ScopedFieldsMixin, serializers.ModelSerializer):
    """Related-record fields accept only rows of the user's own school; dates are plausible."""

    # (Not in the docstring: that is every generated serializer's description in the schema.)
    # The fields given when the record is made and fixed afterwards (as
    # core.forms.ScopedModelForm.locked; core.resources.Resource(locked=...) sets it).
    locked: tuple[str, ...] = ()

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if isinstance(model_field, models.DateField):  # DateTimeField included
            field_kwargs["validators"] = [
                *field_kwargs.get("validators", []),
                validate_plausible_date,
            ]
        return field_class, field_kwargs

    # A model's PhotoField is cleaned (checked, re-encoded, EXIF stripped) by its API field too.
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        PhotoField: PhotoSerializerField,
    }

    def validate(self, attrs):
        # Uniqueness that involves `school` (not a client field) is checked here, not left to
        # the database to reject with an IntegrityError.
        attrs = super().validate(attrs)
        if self.instance is not None:
            # Dropped before the values below are set on the instance (which an update saves).
            attrs = {name: value for name, value in attrs.items() if name not in self.locked}
        model: type[models.Model] = self.Meta.model
        # A new row takes the requester's school (ScopedViewSet passes the request).
        instance = self.instance or model(school=self.context["request"].user.school)
        many_to_many = {field.name for field in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many_to_many:  # m2m values cannot be set on an unsaved instance
                setattr(instance, name, value)
        try:
            instance.validate_constraints()
        except Exception as exc:
            from django.core.exceptions import ValidationError as DjangoValidationError

            if isinstance(exc, DjangoValidationError):
                raise ValidationError(
                    exc.message_dict if hasattr(exc, "error_dict") else exc.messages
                ) from exc
            raise
        return attrs


class ScopedViewSet(viewsets.ModelViewSet):
    model: type[models.Model]  # every viewset names its model
    # RolePermission (the default permission class) admits only signed-in users.
    request: MemberRequest
    # Every primary key is an integer: a detail URL with anything else (`/assets/abc/dispose/`)
    # does not match a route and is a 404, in every viewset and every action, instead of
    # reaching `pk="abc"` in a query (ValueError, 500).
    lookup_value_regex = "[0-9]+"
    base_queryset: models.QuerySet[Any] | None = None
    filterset_class: type[Any] | None = None
    ordering_fields: list[str] = []

    def access_action(self) -> str:
        return ACTIONS.get(self.action, "view")

    def get_queryset(self):
        base = (
            self.base_queryset.all()
            if self.base_queryset is not None
            else self.model._default_manager
        )
        return access.scope(self.request.user, base.all(), self.access_action()).order_by(
            *(self.model._meta.ordering or []), "pk"
        )

    def member_school(self) -> School:
        """The school of the user adding a row; `create` has refused users without one."""
        school = self.request.user.school
        assert school is not None
        return school

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save(school=self.request.user.school)

    def create(self, request, *args, **kwargs):
        if request.user.school_id is None:
            # Raised, not returned: the error body then has the one shape (core.api.exceptions).
            raise PermissionDenied(_("Only members of a school can add its records."))
        return super().create(request, *args, **kwargs)

    def perform_destroy(self, instance):
        try:
            services.record_remove(record=instance, actor=self.request.user)
        except ProtectedError as exc:
            raise ValidationError("Other records still refer to this one.") from exc
