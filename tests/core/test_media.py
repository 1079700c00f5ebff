"""Stored photos are served to logged-in users; nothing else under /media/ is."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.uploads import clean_photo


@pytest.fixture
def stored_photo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), (10, 120, 10)).save(buffer, format="JPEG")
    photo = clean_photo(SimpleUploadedFile("x.jpg", buffer.getvalue()))
    folder = tmp_path / "repairs" / "2026" / "11"
    folder.mkdir(parents=True)
    (folder / photo.name).write_bytes(photo.read())
    (tmp_path / "assets" / "attachments" / "2026").mkdir(parents=True)
    (tmp_path / "assets" / "attachments" / "2026" / "合同.pdf").write_bytes(b"%PDF-1.7")
    return f"/media/repairs/2026/11/{photo.name}"


@pytest.mark.django_db
def test_a_photo_is_shown_to_a_logged_in_user(client, make_user, stored_photo):
    client.force_login(make_user("teacher"))
    response = client.get(stored_photo)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_anonymous_visitors_get_no_photo(client, stored_photo):
    assert client.get(stored_photo).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/media/assets/attachments/2026/合同.pdf",
        "/media/repairs/../../etc/passwd",
        "/media/repairs/2026/11/0123456789abcdef0123456789abcdef.jpg",
    ],
)
def test_documents_guesses_and_traversal_are_not_found(client, make_user, stored_photo, path):
    client.force_login(make_user("teacher"))
    assert client.get(path).status_code == 404
