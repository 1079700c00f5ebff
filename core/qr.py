"""QR codes for labels. The encoded address is SITE_URL + a `/q/...` path that never changes."""

from __future__ import annotations

import io

import segno
from django.conf import settings


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def qr_svg(data: str, *, scale: int = 4) -> str:
    """An inline SVG (text) of the QR code, error correction M so a scuffed label still scans."""
    buffer = io.BytesIO()
    segno.make(data, error="m").save(
        buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, border=2
    )
    return buffer.getvalue().decode()


def qr_svg_data_uri(data: str, *, scale: int = 4) -> str:
    return segno.make(data, error="m").svg_data_uri(scale=scale, border=2)


def qr_label_data_uri(data: str) -> str:
    """The QR of a printed label: a PNG of one pixel per module, drawn with `image-rendering:
    pixelated` (print.css) so it prints as sharp as the SVG. WeasyPrint parses an SVG path
    point by point; a sheet of 46 labels spent half its time there.
    """
    return segno.make(data, error="m").png_data_uri(scale=1, border=2)
