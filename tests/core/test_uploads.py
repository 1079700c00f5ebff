"""Photo uploads: real images only, size-limited, stored resized and upright."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import clean_photo, validate_photo


def image_file(size=(3000, 2000), fmt="JPEG", name="photo.jpg"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_a_real_photo_passes_and_is_stored_smaller():
    upload = image_file()
    validate_photo(upload)
    stored = clean_photo(upload)
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 1600


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg"),
        SimpleUploadedFile("empty.png", b"", content_type="image/png"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(upload):
    with pytest.raises(ValidationError) as refused:
        validate_photo(upload)
    assert refused.value.code == "not_image"


def test_an_oversized_file_is_refused(settings):
    big = SimpleUploadedFile("big.jpg", b"\xff" * (11 * 1024 * 1024), content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        validate_photo(big)
    assert refused.value.code == "too_large"


def test_an_unusual_format_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_photo(image_file(size=(10, 10), fmt="BMP", name="x.bmp"))
    assert refused.value.code == "format"


def test_a_real_pdf_is_kept_as_it_is():
    from core.uploads import clean_document

    pdf = SimpleUploadedFile("发票.pdf", b"%PDF-1.7\n%...", content_type="application/pdf")
    kept = clean_document(pdf)
    assert kept is pdf and kept.read() == b"%PDF-1.7\n%..."


def test_an_image_document_is_re_encoded_and_keeps_its_name():
    from core.uploads import clean_document

    kept = clean_document(image_file(size=(3000, 2000), fmt="PNG", name="扫描件.png"))
    assert kept.name == "扫描件.jpg"
    with Image.open(kept) as image:
        assert image.format == "JPEG" and max(image.size) == 2400


def test_a_cleaned_photo_is_not_encoded_twice():
    once = clean_photo(image_file())
    assert clean_photo(once) is once


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("invoice.pdf", b"<html><script>alert(1)</script>", "content"),
        ("contract.docx", b"%PDF-1.7 renamed", "content"),
        ("tool.exe", b"MZ\x90\x00", "type"),
    ],
)
def test_a_renamed_or_unknown_document_is_refused(name, content, code):
    from core.uploads import validate_document

    with pytest.raises(ValidationError) as refused:
        validate_document(SimpleUploadedFile(name, content))
    assert refused.value.code == code
