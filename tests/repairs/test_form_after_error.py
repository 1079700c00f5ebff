"""Issue 9 point 8: after an error the repair form keeps the QR-chosen room fixed (not a list of
29 rooms) and tells the teacher to choose the photo again (a browser never keeps a chosen file).
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from repairs.models import RepairRequest
from tests.repairs.test_views import ADD, form_post, login


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 120, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile("leak.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.django_db
def test_an_error_keeps_the_scanned_room_and_asks_for_the_photo_again(client, crew, room):
    login(client, crew["teacher"])
    scanned = client.get(ADD, {"room": room.pk}).content.decode()
    assert 'name="room_fixed"' in scanned and '<select name="room"' not in scanned

    data = form_post(room, room_fixed="1", description="", photos=[jpeg()])
    response = client.post(ADD, data)
    page = response.content.decode()
    assert response.status_code == 400 and not RepairRequest.objects.exists()
    assert 'data-testid="room-prefill"' in page and '<select name="room"' not in page
    assert room.name in page
    assert 'data-testid="photos-again"' in page

    # Without a photo chosen there is nothing to choose again.
    data = form_post(room, room_fixed="1", description="")
    assert 'data-testid="photos-again"' not in client.post(ADD, data).content.decode()
