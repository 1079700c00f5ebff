"""Issue 9 point 7: the QR label sheet, read back from the PDF.

Page 1 held only the title and a label was cut in two (its QR on one page, its text on the next).
Each page must carry as many QR images as label codes (a split label leaves one page with an
extra QR and the next with an extra code), page 1 must carry labels, and each code once.
The QR itself must still scan as the permanent /q/ address (decoded back from the image).
"""

from __future__ import annotations

import base64
import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ContentStream

from assets.models import Asset
from core import qr
from core.demo import seed_demo_school
from core.models import Room, User

ASSET_CODE = re.compile(r"\b\d{1,4}-\d{4}-\d{4}\b")


def pages_of(content: bytes) -> list[tuple[str, int]]:
    """(text, number of images drawn) per page: `Do` operators of the page's own content (the
    resource dictionary may be shared by every page)."""
    reader = PdfReader(io.BytesIO(content))
    found = []
    for page in reader.pages:
        operations = ContentStream(page.get_contents(), reader).operations
        drawn = sum(1 for _operands, operator in operations if operator == b"Do")
        found.append((page.extract_text(), drawn))
    return found


@pytest.mark.django_db
def test_every_asset_label_prints_whole_and_page_one_has_labels(client):
    school = seed_demo_school()
    client.force_login(User.objects.get(username="logistics1"))
    response = client.get("/assets/assets/qr-labels.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pages_of(response.content)
    assert len(pages) > 1  # the demo's ~46 labels take more than one A4 page
    per_page = [(len(ASSET_CODE.findall(text)), images) for text, images in pages]
    assert per_page[0][0] > 0, "page 1 has no labels"
    assert all(codes == images for codes, images in per_page), per_page
    printed = [code for text, _ in pages for code in ASSET_CODE.findall(text)]
    listed = Asset.objects.filter(school=school, archived_at__isnull=True)
    assert sorted(printed) == sorted(listed.values_list("code", flat=True))


@pytest.mark.django_db
def test_the_room_sheet_starts_on_page_one(client):
    school = seed_demo_school()
    client.force_login(User.objects.get(username="logistics1"))
    pages = pages_of(client.get("/places/rooms/qr-labels.pdf").content)
    rooms = Room.objects.filter(school=school, archived_at__isnull=True).count()
    assert sum(images for _, images in pages) == rooms
    assert pages[0][1] > 0


def test_the_label_qr_is_one_pixel_per_module_of_the_permanent_address(settings):
    # A PNG drawn pixelated prints as sharp as vector: 1 px per module, a 2-module quiet zone.
    settings.SITE_URL = "https://zongwu.example.edu.cn"
    uri = qr.qr_label_data_uri(qr.absolute("/q/asset/5d0c7e1a-0000-4000-8000-000000000000/"))
    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    import segno

    expected = segno.make(qr.absolute("/q/asset/5d0c7e1a-0000-4000-8000-000000000000/"), error="m")
    size = expected.symbol_size(scale=1, border=2)
    assert image.size == size
