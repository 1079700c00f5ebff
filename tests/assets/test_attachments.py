"""Asset attachments are checked by content: an image is re-encoded like a photo (its GPS position
is not kept); a script behind image magic bytes, HTML named .pdf, a truncated JPEG or a
decompression-bomb PNG are refused with a clear message and nothing is stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.assets.factories import AssetFactory
from tests.core.test_photo_field import assert_stored_without_metadata, gps_jpeg, hostile

pytestmark = pytest.mark.django_db


@pytest.fixture
def asset(school, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return AssetFactory(school=school)


def attach(client, asset, upload):
    return client.post(f"/assets/assets/{asset.pk}/attach/", {"file": upload}, follow=True)


def test_a_photo_attachment_is_kept_without_its_gps_position(client, logistics, asset):
    client.force_login(logistics)
    attach(client, asset, gps_jpeg("保修卡.jpg", size=(3000, 2000)))
    attachment = asset.attachments.get()
    assert attachment.file.name.rsplit("/", 1)[-1].startswith("保修卡")
    assert attachment.file.name.endswith(".jpg")
    assert_stored_without_metadata(attachment.file)
    with Image.open(attachment.file.path) as image:
        assert max(image.size) == 2400  # scans stay readable


def office_file(name: str, folder: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}document.xml", "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def test_documents_of_every_kind_are_kept_as_they_are(client, logistics, asset):
    client.force_login(logistics)
    attach(client, asset, SimpleUploadedFile("发票.pdf", b"%PDF-1.7\n..."))
    attach(client, asset, office_file("合同.docx", "word/"))
    attach(client, asset, office_file("清单.xlsx", "xl/"))
    assert asset.attachments.count() == 3


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (lambda: hostile("php_jpeg"), "该文件不是图片。"),
        (lambda: hostile("truncated_jpeg"), "该文件不是图片。"),
        (lambda: hostile("huge_png"), "照片像素过高。"),
        (lambda: SimpleUploadedFile("发票.pdf", b"<html><script>alert(1)</script>"), "不符"),
        (lambda: SimpleUploadedFile("合同.docx", b"PK\x03\x04 a renamed zip"), "不符"),
        (lambda: office_file("合同.docx", "xl/"), "不符"),
    ],
    ids=["php-jpeg", "truncated-jpeg", "huge-png", "html-as-pdf", "fake-docx", "xlsx-as-docx"],
)
def test_hostile_attachments_are_refused_with_a_chinese_message(
    client, logistics, asset, upload, reason
):
    client.force_login(logistics)
    page = client.post(
        f"/assets/assets/{asset.pk}/attach/",
        {"file": upload()},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert page.status_code == 200
    assert reason in page.content.decode()
    assert not asset.attachments.exists()
