"""Uploaded files: photos are checked, re-encoded, shrunk and stripped of metadata in one place.

`clean_photo` is the only way a photo gets stored: it refuses anything that is not a whole,
reasonably sized image (a truncated JPEG, a 30,000 × 30,000 px PNG, a PHP script behind image magic
bytes) and returns a freshly encoded JPEG without EXIF (phones put the GPS position there). The
field types built on it — `PhotoFormField`, `PhotoSerializerField` and the model field
`core.fields.PhotoField` (whose form field the admin uses) — are what forms, serializers and
models declare; services that take raw uploads call `clean_photo` too (it passes an already
cleaned photo through unchanged, so nothing is re-encoded twice).

Documents (`clean_document`) are checked by content, not name; an image document goes through the
same photo path.
"""

from __future__ import annotations

import contextlib
import io
import threading
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError
from rest_framework import serializers

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # checked from the header, before a single pixel is decoded
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
STORED_LONG_SIDE = 1600
DOCUMENT_IMAGE_LONG_SIDE = 2400  # scanned invoices and contracts must stay readable


class CleanPhoto(ContentFile):
    """A photo that `clean_photo` produced: a new JPEG, upright, shrunk, without metadata."""


def _not_image() -> ValidationError:
    return ValidationError(_("The file is not an image."), code="not_image")


def _check_header(image: Image.Image) -> None:
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(_("Please upload a JPEG, PNG or WebP photo."), code="format")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The photo has too many pixels."), code="too_large")


_STRICT = threading.Lock()


@contextlib.contextmanager
def _truncated_images_refused() -> Iterator[None]:
    """Pillow's LOAD_TRUNCATED_IMAGES is process-wide and WeasyPrint turns it on when imported
    (for PDFs); while a photo is decoded it is off, so a truncated upload raises OSError."""
    with _STRICT:
        before, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _reencoded(image: Image.Image, long_side: int) -> bytes:
    # JPEG can decode straight at 1/2, 1/4 or 1/8 scale: far less CPU for phone photos.
    ratio = long_side / max(image.size)
    if ratio < 1:
        image.draft("RGB", (int(image.width * ratio), int(image.height * ratio)))
    with _truncated_images_refused():
        image.load()  # decodes every byte: a truncated file raises OSError here
    upright = ImageOps.exif_transpose(image)  # phones store the rotation in EXIF
    upright.thumbnail((long_side, long_side))
    if upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    buffer = io.BytesIO()
    # Saved without `exif=` or `icc_profile=`: no GPS position, camera or other metadata is kept.
    upright.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def clean_photo(upload: File, *, long_side: int = STORED_LONG_SIDE) -> CleanPhoto:
    """The photo to store, or ValidationError (a clear sentence) if it is not a sane image."""
    if isinstance(upload, CleanPhoto):
        return upload
    if upload.size is None or upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is larger than %(mb)s MB.") % {"mb": MAX_PHOTO_BYTES // 2**20},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            _check_header(image)
            data = _reencoded(image, long_side)
    except Image.DecompressionBombError:
        raise ValidationError(_("The photo has too many pixels."), code="too_large") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _not_image() from None
    finally:
        upload.seek(0)
    return CleanPhoto(data, name=f"{uuid.uuid4().hex}.jpg")


def validate_photo(upload: File) -> None:
    """Raise ValidationError unless the upload is a real, whole, reasonable image (a check only:
    what is stored is `clean_photo`'s result)."""
    clean_photo(upload)


@dataclass(frozen=True)
class _StoredPhotoLink:
    """What the edit form shows of the stored photo: a link named 查看照片, not its storage path."""

    url: str

    def __str__(self) -> str:
        return str(_("View photo"))


class PhotoInput(forms.ClearableFileInput):
    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = _StoredPhotoLink(url=value.url)
        return context


class PhotoFormField(forms.ImageField):
    """A form's photo: cleaned data is the `CleanPhoto` to store (or the unchanged initial file)."""

    widget = PhotoInput

    def to_python(self, data: Any) -> Any:
        upload = forms.FileField.to_python(self, data)  # empty / no name / too long name
        if upload is None:
            return None
        return clean_photo(upload)


class PhotoSerializerField(serializers.ImageField):
    """An API photo: the validated value is the `CleanPhoto` to store."""

    def to_internal_value(self, data: Any) -> Any:
        upload = serializers.FileField.to_internal_value(self, data)
        try:
            return clean_photo(upload)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=exc.code) from None


# What each accepted document type starts with (its "magic" bytes).
DOCUMENT_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
IMAGE_DOCUMENTS = (".jpg", ".jpeg", ".png")
# An Office file is a zip holding this part and its own folder (a renamed .zip is not).
OFFICE_PARTS = {".docx": "word/", ".xlsx": "xl/"}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def _content_mismatch() -> ValidationError:
    return ValidationError(_("The file's content does not match its type."), code="content")


def _check_office_zip(upload: File, extension: str) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _content_mismatch() from None
    finally:
        upload.seek(0)
    folder = OFFICE_PARTS[extension]
    if "[Content_Types].xml" not in names or not any(n.startswith(folder) for n in names):
        raise _content_mismatch()


def clean_document(upload: File, *, allowed: tuple[str, ...] = tuple(DOCUMENT_SIGNATURES)) -> File:
    """The document to store: of an allowed type whose content really is that type; an image is
    re-encoded like a photo (no EXIF/GPS) and keeps its name with a .jpg ending."""
    name = upload.name or ""
    extension = next((ext for ext in allowed if name.lower().endswith(ext)), None)
    if extension is None:
        raise ValidationError(_("Attach a PDF, an image, a Word or an Excel file."), code="type")
    if upload.size is None or upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_DOCUMENT_BYTES // 2**20},
            code="size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES[extension]):
        raise _content_mismatch()
    if extension in OFFICE_PARTS:
        _check_office_zip(upload, extension)
    if extension in IMAGE_DOCUMENTS:
        photo = clean_photo(upload, long_side=DOCUMENT_IMAGE_LONG_SIDE)
        stem = name.rsplit("/", 1)[-1][: -len(extension)] or "image"
        return ContentFile(photo.read(), name=f"{stem}.jpg")
    return upload


def validate_document(
    upload: File, *, allowed: tuple[str, ...] = tuple(DOCUMENT_SIGNATURES)
) -> None:
    """Raise ValidationError unless `clean_document` would accept the upload."""
    clean_document(upload, allowed=allowed)
