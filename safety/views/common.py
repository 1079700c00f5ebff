"""Small helpers shared by the safety screens."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _flatten(form) -> list[str]:
    return [str(e) for errors in form.errors.values() for e in errors]
