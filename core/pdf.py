"""The one PDF path: a Django template rendered by WeasyPrint with the print stylesheet.

static/css/print.css names the CJK fonts; without one installed WeasyPrint would draw boxes
silently, which tests/core/test_pdf.py catches by extracting the text back.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(template_name, context, request=request)
    stylesheet = CSS(filename=finders.find("css/print.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(stylesheets=[stylesheet])


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = content_disposition_header(not inline, filename)
    if disposition:  # None only for an inline file without a name
        response["Content-Disposition"] = disposition
    return response
