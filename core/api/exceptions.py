"""The one DRF exception handler: every API error has the same body in every app.

    {"detail": "<one sentence for a person>", "code": "<machine code>", "fields": {"<field>": ["..."]}}

`fields` is empty unless the body had invalid fields. Refused workflow steps
(core.workflow.TransitionRefused) answer their own status (403 role or person, 404 not there,
409 not possible in the row's status); a service's ValidationError is a 400; Django's
PermissionDenied keeps its sentence.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.workflow import TransitionRefused


class ApiErrorSerializer(serializers.Serializer):
    """The one error body, as the schema documents it."""

    detail = serializers.CharField()
    code = serializers.CharField()
    # A declared field named like Serializer.fields: the metaclass moves it out of the class body.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


def error_body(detail: str, code: str, fields: dict | None = None) -> dict[str, Any]:
    return {"detail": str(detail), "code": str(code), "fields": fields or {}}


def exception_handler(exc, context):
    if isinstance(exc, TransitionRefused):
        return Response(error_body(exc.messages[0], exc.code or "refused"), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return _service_refusal(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # not "No RepairRequest matches the given query."
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _invalid_body(response.data)
    elif isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
        response.data = error_body(_detail_text(response.data), code)
    return response


def _service_refusal(exc: DjangoValidationError) -> Response:
    if hasattr(exc, "error_dict"):
        fields = {name: [str(m) for m in messages] for name, messages in exc.message_dict.items()}
        general = fields.pop("__all__", [])
        detail = " ".join(general) or next(iter(fields.values()))[0]
        return Response(error_body(detail, "invalid", fields), status=status.HTTP_400_BAD_REQUEST)
    code = getattr(exc, "code", None) or next(
        (e.code for e in exc.error_list if getattr(e, "code", None)), "invalid"
    )
    return Response(
        error_body(" ".join(exc.messages), str(code)), status=status.HTTP_400_BAD_REQUEST
    )


def _invalid_body(data) -> dict[str, Any]:
    """A serializer's errors: field errors under `fields`, the first sentence as `detail`."""
    if isinstance(data, list):
        return error_body(" ".join(str(m) for m in data), "invalid")
    fields = {name: _as_list(value) for name, value in dict(data).items()}
    general = fields.pop("non_field_errors", []) + fields.pop("detail", [])
    fields.pop("code", None)
    detail = " ".join(str(m) for m in general)
    if not detail:
        first = next(iter(fields.values()), [_("Invalid input.")])
        detail = _("Check the fields: %(message)s") % {"message": _first_text(first)}
    return error_body(detail, "invalid", fields)


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _first_text(value) -> str:
    while isinstance(value, list | dict):
        if not value:
            return ""
        value = value[0] if isinstance(value, list) else next(iter(value.values()))
    return str(value)


def _detail_text(data) -> str:
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return _first_text(data)
