import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.choices import Role


def jpeg(name="photo.jpg", size=(800, 600)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 60, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def not_an_image() -> SimpleUploadedFile:
    return SimpleUploadedFile("hazard.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")


@pytest.fixture
def logistics(make_user):
    return make_user(Role.LOGISTICS)


@pytest.fixture
def director(make_user):
    return make_user(Role.DIRECTOR)


@pytest.fixture
def teacher(make_user):
    return make_user(Role.TEACHER)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english(settings):
    """Assertions read the English messages; the pages default to Chinese for real users."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
