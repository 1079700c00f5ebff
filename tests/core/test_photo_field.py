"""One photo type (core.uploads / core.fields.PhotoField) on every path a photo comes in: the app's
forms, the API and the Django admin re-encode it without EXIF (no GPS position), and refuse what
is not a whole, reasonably sized image — fast, without decoding a decompression bomb."""

import functools
import io
import time

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from PIL import ExifTags, Image
from rest_framework.test import APIClient

from core.choices import Role
from core.fields import PhotoField
from safety.models import Drill
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DRILL = {
    "drill_type": "fire",
    "title": "消防演练",
    "date": "2026-11-13",
    "status": "held",
    "participants": 5,
}


def gps_jpeg(name="phone.jpg", size=(1200, 900)):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 54.0, 27.0)
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(buffer, format="JPEG", exif=exif)
    assert b"Exif" in buffer.getvalue()  # the test photo really carries the position
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@functools.cache
def huge_png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (30_000, 30_000)).save(buffer, format="PNG")  # ~100 KB on disk, 900 Mpx
    return buffer.getvalue()


def hostile(kind):
    from django.core.files.uploadedfile import SimpleUploadedFile

    if kind == "truncated_jpeg":
        whole = gps_jpeg().read()
        return SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg")
    if kind == "huge_png":
        return SimpleUploadedFile("huge.png", huge_png_bytes(), content_type="image/png")
    if kind == "php_gif":
        return SimpleUploadedFile("shell.gif", b"GIF89a<?php system($_GET['c']); ?>")
    return SimpleUploadedFile("shell.jpg", b"\xff\xd8\xff\xe0<?php system($_GET['c']); ?>")


HOSTILE = ["truncated_jpeg", "huge_png", "php_gif", "php_jpeg"]


def assert_stored_without_metadata(field_file):
    raw = field_file.read()
    with Image.open(io.BytesIO(raw)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    assert b"Exif" not in raw and b"PhoneMaker" not in raw


@pytest.fixture
def logistics(make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_user(Role.LOGISTICS)


def test_every_image_field_of_every_model_is_the_photo_type():
    loose = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ImageField) and not isinstance(field, PhotoField)
    ]
    assert loose == []


def test_the_page_form_strips_the_gps_position(client, logistics):
    client.force_login(logistics)
    response = client.post(reverse("safety:drill_add"), {**DRILL, "photo": gps_jpeg()})
    assert response.status_code == 302
    assert_stored_without_metadata(Drill.objects.get().photo)


def test_the_api_strips_the_gps_position(logistics):
    api = APIClient()
    api.force_authenticate(logistics)
    response = api.post(
        "/api/v1/safety/drills/", {**DRILL, "photo": gps_jpeg()}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert_stored_without_metadata(Drill.objects.get().photo)


def test_the_admin_strips_the_gps_position(client, school, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(school=school, is_staff=True, is_superuser=True))
    response = client.post(
        "/admin/safety/drill/add/",
        {**DRILL, "school": school.pk, "photo": gps_jpeg()},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert_stored_without_metadata(Drill.objects.get().photo)


def test_a_repair_report_photo_loses_its_gps_position(
    client, school, make_user, settings, tmp_path
):
    import uuid

    from repairs.models import RepairPhoto
    from tests.factories import RoomFactory

    settings.MEDIA_ROOT = tmp_path
    room = RoomFactory(school=school, building__school=school, building__campus__school=school)
    client.force_login(make_user(Role.TEACHER))
    from repairs.choices import Category

    form = {"client_token": str(uuid.uuid4()), "room": room.pk, "category": Category.values[0]}
    form.update(description="灯不亮", urgency="normal", photos=[gps_jpeg(), gps_jpeg("b.jpg")])
    response = client.post("/repairs/new/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    photos = RepairPhoto.objects.all()
    assert len(photos) == 2
    for photo in photos:
        assert_stored_without_metadata(photo.image)


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_photos_are_refused_on_the_page_the_api_and_the_admin(client, logistics, kind):
    client.force_login(logistics)
    page = client.post(reverse("safety:drill_add"), {**DRILL, "photo": hostile(kind)})
    assert page.status_code == 400
    api = APIClient()
    api.force_authenticate(logistics)
    body = {**DRILL, "photo": hostile(kind)}
    answer = api.post("/api/v1/safety/drills/", body, format="multipart")
    assert answer.status_code == 400 and "photo" in answer.json()["fields"]
    admin = UserFactory(school=logistics.school, is_staff=True, is_superuser=True)
    client.force_login(admin)
    body = {**DRILL, "school": logistics.school_id, "photo": hostile(kind)}
    assert client.post("/admin/safety/drill/add/", body).status_code == 200  # the form again
    assert not Drill.objects.exists()


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_loosened_pillow():
    import weasyprint  # noqa: F401 - sets ImageFile.LOAD_TRUNCATED_IMAGES = True process-wide
    from django.core.exceptions import ValidationError
    from PIL import ImageFile

    from core.uploads import clean_photo

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    with pytest.raises(ValidationError):
        clean_photo(hostile("truncated_jpeg"))
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # PDFs keep what WeasyPrint wants


def test_the_huge_png_is_refused_from_its_header_in_milliseconds():
    from django.core.exceptions import ValidationError

    from core.uploads import clean_photo

    upload = hostile("huge_png")
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload)
    assert time.monotonic() - started < 1  # measured: 0.2 ms; decoding would take minutes
    assert refused.value.code == "too_large"


def test_refusals_are_in_chinese(client, logistics):
    client.force_login(logistics)
    page = client.post(
        reverse("safety:drill_add"),
        {**DRILL, "photo": hostile("truncated_jpeg")},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 400
    assert "该文件不是图片。" in page.content.decode()


def test_the_edit_form_links_the_stored_photo_without_showing_its_path(client, logistics):
    client.force_login(logistics)
    client.post(reverse("safety:drill_add"), {**DRILL, "photo": gps_jpeg()})
    drill = Drill.objects.get()
    page = client.get(reverse("safety:drill_edit", args=[drill.pk])).content.decode()
    assert "查看照片" in page and drill.photo.url in page
    assert drill.photo.name not in page  # the storage path means nothing to a person
