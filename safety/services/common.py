"""Helpers shared by the safety services."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile

from core.choices import Role
from core.models import User
from core.services import notify
from core.uploads import clean_photo
from safety.models import (
    Hazard,
)


def _stored_photo(photo: UploadedFile | None):
    if not photo:
        return None
    return clean_photo(photo)  # a photo the form or serializer already cleaned passes as it is


def _tell_directors(hazard: Hazard, title: str) -> None:
    directors = User.objects.filter(
        school_id=hazard.school_id, user_roles__role=Role.DIRECTOR, is_active=True
    )
    notify(recipients=directors, school=hazard.school, title=title, url=hazard.get_absolute_url())
