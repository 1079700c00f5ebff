"""Room QR labels: the printed address never changes, the PDF sheet carries readable Chinese."""

import io
import re

import pytest
from pypdf import PdfReader

from core import qr
from core.choices import Role
from tests import factories

SHEET_URL = "/places/rooms/qr-labels.pdf"


def building_in(school, **extra):
    return factories.BuildingFactory(school=school, campus__school=school, **extra)


def room_in(building, **extra):
    return factories.RoomFactory(building=building, school=building.school, **extra)


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_font_names(content: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def logistics(client, make_user):
    user = make_user(Role.LOGISTICS)
    client.force_login(user)
    return user


# ---- the PDF sheet ----


def test_qr_sheet_is_a_pdf_whose_chinese_text_can_be_read_back(client, logistics, school):
    science = building_in(school, name="科学楼")
    room_in(science, code="101", name="物理实验室")
    room_in(science, code="102", name="化学实验室")

    response = client.get(SHEET_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "物理实验室" in text
    assert "化学实验室" in text
    assert "科学楼" in text


def test_qr_sheet_embeds_a_cjk_font(client, logistics, school):
    room_in(building_in(school), name="物理实验室")

    fonts = pdf_font_names(client.get(SHEET_URL).content)

    assert any(re.search("CJK|WenQuanYi|Noto", name) for name in fonts), fonts


def test_qr_sheet_holds_only_rooms_of_the_users_school(client, logistics, school, other_school):
    room_in(building_in(school), name="本校音乐教室")
    room_in(building_in(other_school), name="别校音乐教室")

    text = pdf_text(client.get(SHEET_URL).content)

    assert "本校音乐教室" in text
    assert "别校音乐教室" not in text


def test_qr_sheet_follows_the_list_filter(client, logistics, school):
    science = building_in(school, name="科学楼")
    arts = building_in(school, name="艺术楼")
    room_in(science, name="物理实验室")
    room_in(arts, name="美术教室")

    text = pdf_text(client.get(SHEET_URL, {"building": science.pk}).content)

    assert "物理实验室" in text
    assert "美术教室" not in text
    assert "艺术楼" not in text


def test_qr_sheet_with_an_invalid_filter_gives_400(client, logistics, school):
    response = client.get(SHEET_URL, {"building": "not-a-number"})

    assert response.status_code == 400
    assert response["Content-Type"] != "application/pdf"


# ---- the QR code and the printed address ----


def test_room_qr_path_is_the_permanent_token_address(school):
    room = room_in(building_in(school))

    assert room.get_qr_path() == f"/q/room/{room.qr_token}/"


def test_room_qr_svg_encodes_the_site_url_and_the_qr_path(client, logistics, school, settings):
    settings.SITE_URL = "https://zongwu.example.edu.cn"
    room = room_in(building_in(school))

    response = client.get(f"/places/rooms/{room.pk}/qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.decode().lstrip().startswith("<svg")
    expected = qr.qr_svg(f"https://zongwu.example.edu.cn/q/room/{room.qr_token}/")
    assert response.content.decode() == expected


def test_room_qr_svg_of_another_school_is_404(client, logistics, other_school):
    room = room_in(building_in(other_school))

    assert client.get(f"/places/rooms/{room.pk}/qr.svg").status_code == 404


def test_scanning_a_room_label_as_a_teacher_opens_the_room(client, make_user, school):
    room = room_in(building_in(school))
    client.force_login(make_user(Role.TEACHER))

    response = client.get(f"/q/room/{room.qr_token}/")

    assert response.status_code == 302
    assert response["Location"] == f"/places/rooms/{room.pk}/"


def test_scanning_a_room_label_of_another_school_is_404(client, make_user, school, other_school):
    room = room_in(building_in(school))
    client.force_login(make_user(Role.TEACHER, school_=other_school))

    assert client.get(f"/q/room/{room.qr_token}/").status_code == 404


def test_scanning_a_room_label_anonymously_asks_to_log_in(client, school):
    room = room_in(building_in(school))

    response = client.get(f"/q/room/{room.qr_token}/")

    assert response.status_code == 302
    assert f"next=/q/room/{room.qr_token}/" in response["Location"]
