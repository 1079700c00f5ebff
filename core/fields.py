"""Model field types that carry a rule with them wherever the model is edited."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from core.uploads import PhotoFormField


class PhotoField(models.ImageField):
    """A stored photo. Every ModelForm built from the model — the app's and the Django admin's —
    gets `core.uploads.PhotoFormField`, so a photo is always checked, re-encoded, shrunk and
    stripped of EXIF before it is saved; ScopedSerializer maps it to PhotoSerializerField."""

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class or PhotoFormField, choices_form_class=choices_form_class, **kwargs
        )
