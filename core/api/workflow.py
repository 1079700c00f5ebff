"""The API side of a declared workflow: one ``@action`` per transition, generated.

A viewset sets ``workflow`` (core.workflow.Workflow), optionally ``step_serializers`` (the body of
steps that carry data) and implements ``perform_step``; every transition the users may take gets
``POST <row>/<transition.api_path>/`` with no second list of steps. The row comes through the
scoped queryset (another school's: 404); the declaration is checked before the body; refusals
and service errors reach the client through core.api.exceptions in one shape.
"""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response

from core.api.exceptions import ApiErrorSerializer
from core.workflow import Transition, Workflow


class NoBody(serializers.Serializer):
    """A step that needs nothing but the row."""


def _step_action(transition: Transition, body: type | None, result: type | None):
    def step(self, request, pk=None):
        return self.take_step(transition, request)

    step.__name__ = transition.name
    step.__doc__ = f"{transition.label} ({transition.event})."
    # The schema shows the step's body and the row it answers with (not the body twice).
    routed = action(detail=True, methods=["post"], url_path=transition.api_path)(step)
    refused = {code: ApiErrorSerializer for code in (400, 403, 404, 409)}
    return extend_schema(request=body, responses={200: result, **refused})(routed)


def without_create(viewset):
    """For a viewset whose rows are made elsewhere (a disposal request: POST assets/<id>/dispose/):
    POST on its list is 405 and is not documented as an operation."""

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed("POST")

    viewset.create = create
    return extend_schema_view(create=extend_schema(exclude=True))(viewset)


class WorkflowActionsMixin:
    workflow: ClassVar[Workflow]
    step_serializers: ClassVar[dict[str, type[serializers.Serializer]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = cls.__dict__.get("workflow")
        if declared is None:
            return
        for transition in declared.transitions:
            if transition.action is not None and transition.name not in cls.__dict__:
                body = cls.step_serializers.get(transition.name)  # None: no body documented
                result = getattr(cls, "serializer_class", None)
                setattr(cls, transition.name, _step_action(transition, body, result))

    def is_step(self) -> bool:
        workflow = getattr(self, "workflow", None)
        name = getattr(self, "action", None)
        return workflow is not None and name in workflow.by_name

    def access_action(self) -> str:
        if self.is_step():
            return "view"  # the workflow checks the step's own role, with its own sentence
        return super().access_action()  # type: ignore[misc]

    def get_serializer_class(self):
        if self.is_step():
            return self.step_serializers.get(self.action, NoBody)  # type: ignore[attr-defined]
        return super().get_serializer_class()  # type: ignore[misc]

    def take_step(self, transition: Transition, request) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        self.workflow.check(request.user, obj, transition)
        body = self.get_serializer(data=request.data)  # type: ignore[attr-defined]
        body.is_valid(raise_exception=True)
        updated = self.perform_step(transition, obj, dict(body.validated_data))
        return self.step_response(updated or obj)

    def perform_step(self, transition: Transition, obj, data: dict):
        raise NotImplementedError

    def step_response(self, obj) -> Response:
        serializer_class = super().get_serializer_class()  # type: ignore[misc]
        return Response(serializer_class(obj, context=self.get_serializer_context()).data)  # type: ignore[attr-defined]
