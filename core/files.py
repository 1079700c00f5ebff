"""Stored files are served only through their record's access rule.

Which model field owns stored files is declared by the field's type: every `core.fields.PhotoField`
of every installed model is an owner (so no module can forget to register one, and core never
imports the apps: it reads Django's app registry). A photo's address names its record —
`/files/<app_label>.<model>/<pk>/<field>/` — and is served only when
`access.scope(user, Model)` holds that record: another school's user, or a role that may not read
the record, gets 404 whatever the id.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Model
from django.db.models.fields.files import FieldFile

from core import access


def photo_fields() -> list[tuple[type[Model], str]]:
    """Every (model, field name) holding photos, from the installed apps."""
    from core.fields import PhotoField

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, PhotoField)
    ]


def owner_model(label: str, field_name: str) -> type[Model] | None:
    """The model whose `field_name` is a registered file owner, or None (an unknown address)."""
    from core.fields import PhotoField

    try:
        model = apps.get_model(label)
        field = model._meta.get_field(field_name)
    except (LookupError, ValueError):
        return None
    return model if isinstance(field, PhotoField) else None


def find_by_name(user, name: str) -> FieldFile | None:
    """The stored file called `name` that one of the user's readable records owns (old /media/
    addresses, from before photos were addressed by their record)."""
    for model, field_name in photo_fields():
        record = access.scope(user, model).filter(**{field_name: name}).first()
        if record is not None:
            return getattr(record, field_name)
    return None
