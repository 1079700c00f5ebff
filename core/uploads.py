"""Uploaded photos: checked to be real images of a sane size, then resized before they are kept.

Every module's photo fields use `validate_photo` (form/serializer validation) and `shrink_photo`
(in the service, before saving), so a phone's 12-megapixel picture is stored at a readable size.
"""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
STORED_LONG_SIDE = 1600


def validate_photo(upload: UploadedFile) -> None:
    """Raise ValidationError (a clear sentence) unless the upload is a real, reasonable image."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is larger than %(mb)s MB.") % {"mb": MAX_PHOTO_BYTES // 2**20},
            code="too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Please upload a JPEG, PNG or WebP photo."), code="format")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="too_large")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not an image."), code="not_image") from None
    finally:
        upload.seek(0)


def shrink_photo(upload: UploadedFile, *, long_side: int = STORED_LONG_SIDE) -> ContentFile:
    """A JPEG no larger than `long_side` pixels, turned upright (phones store rotation in EXIF)."""
    upload.seek(0)
    with Image.open(upload) as image:
        # JPEG can decode straight at 1/2, 1/4 or 1/8 scale: far less CPU for phone photos.
        ratio = long_side / max(image.size)
        if ratio < 1:
            image.draft("RGB", (int(image.width * ratio), int(image.height * ratio)))
        image = ImageOps.exif_transpose(image)
        image.thumbnail((long_side, long_side))
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


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
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def validate_document(
    upload: UploadedFile, *, allowed: tuple[str, ...] = tuple(DOCUMENT_SIGNATURES)
) -> None:
    """A document of an allowed type whose content really is of that type (not a renamed file)."""
    name = (upload.name or "").lower()
    extension = next((ext for ext in allowed if name.endswith(ext)), None)
    if extension is None:
        raise ValidationError(_("Attach a PDF, an image, a Word or an Excel file."), code="type")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_DOCUMENT_BYTES // 2**20},
            code="size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(DOCUMENT_SIGNATURES[extension]):
        raise ValidationError(_("The file's content does not match its type."), code="content")
