"""Model field types that carry a rule with them wherever the model is edited or shown."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.urls import reverse

from core.uploads import PhotoFormField


class PhotoFieldFile(ImageFieldFile):
    """`.url` names the owning record, so the photo is served through its access rule
    (core.views.files); templates keep writing `{{ object.photo.url }}`."""

    @property
    def url(self) -> str:
        instance = self.instance
        if instance.pk is None or not self.name:
            return super().url  # raises for an empty field, like every FieldFile
        meta = instance._meta
        address = reverse("stored_file", args=[meta.label_lower, instance.pk, self.field.name])
        # A changed photo gets a new address (browsers keep a photo for a day).
        return f"{address}?v={self.name.rsplit('/', 1)[-1][:8]}"


class PhotoField(models.ImageField):
    """A stored photo. Every ModelForm built from the model — the app's and the Django admin's —
    gets `core.uploads.PhotoFormField`, so a photo is always checked, re-encoded, shrunk and
    stripped of EXIF before it is saved; ScopedSerializer maps it to PhotoSerializerField; and
    it is served only to users who may read its record (core.files)."""

    attr_class = PhotoFieldFile

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        return super().formfield(
            form_class=form_class or PhotoFormField, choices_form_class=choices_form_class, **kwargs
        )
