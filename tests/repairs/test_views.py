"""The repair screens as their users meet them: filing from a phone, the detail page's steps,
queues, the board and its Excel log, the room's public status, statistics."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from repairs import services
from repairs.choices import Status
from repairs.models import RepairRequest
from tests.factories import SchoolFactory
from tests.helpers import count_queries
from tests.repairs.factories import AssetFactory, file_request, people, photo_upload, room_of

ADD = "/repairs/new/"


def login(client, user):
    client.force_login(user)
    return client


def form_post(room, **extra):
    data = {
        "client_token": str(uuid.uuid4()),
        "room": room.pk,
        "category": "plumbing",
        "description": "二楼男厕水龙头关不紧，一直滴水",
        "urgency": "normal",
    }
    data.update(extra)
    return data


def photo_error(response) -> str:
    error = response.context["form"].errors.as_data()["photos"][0]
    assert str(error.messages[0]) in response.content.decode()  # shown on the page
    return error.code


@pytest.mark.django_db
def test_a_teacher_files_from_a_room_qr_and_gets_the_number_at_once(client, crew, room):
    login(client, crew["teacher"])
    room_of(room.school)  # another room: not listed when the QR label chose this one
    page = client.get(ADD, {"room": room.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["room"] == room.pk
    html = page.content.decode()
    assert 'data-testid="room-prefill"' in html and room.name in html
    assert f'<option value="{room.pk}"' not in html  # no room list (the footer has a language list)
    response = client.post(
        ADD, form_post(room, photos=[photo_upload(), photo_upload("b.png", fmt="PNG")]), follow=True
    )
    filed = RepairRequest.objects.get()
    assert filed.number in response.content.decode()
    assert response.redirect_chain[-1][0] == filed.get_absolute_url()
    assert filed.photos.count() == 2
    assert filed.reporter == crew["teacher"]


@pytest.mark.django_db
def test_a_double_tap_or_resend_files_one_request(client, crew, room):
    login(client, crew["teacher"])
    data = form_post(room)
    first = client.post(ADD, data)
    second = client.post(ADD, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert RepairRequest.objects.count() == 1


@pytest.mark.django_db
def test_an_asset_qr_prefills_the_asset_and_its_room(client, school, crew):
    asset = AssetFactory(school=school)
    login(client, crew["teacher"])
    page = client.get(ADD, {"asset": asset.pk})
    assert page.context["form"].initial == {
        "asset": asset.pk,
        "room": asset.room_id,
        "client_token": page.context["form"].initial["client_token"],
    }
    assert asset.code in page.content.decode()
    client.post(ADD, form_post(asset.room, asset=asset.pk))
    assert RepairRequest.objects.get().asset == asset


@pytest.mark.django_db
def test_bad_photos_and_foreign_rooms_are_refused_clearly(client, crew, room):
    login(client, crew["teacher"])
    fake = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post(ADD, form_post(room, photos=[fake]))
    assert response.status_code == 400
    assert photo_error(response) == "not_image"
    big = SimpleUploadedFile("big.jpg", b"\xff" * (10 * 1024 * 1024 + 1), content_type="image/jpeg")
    response = client.post(ADD, form_post(room, photos=[big]))
    assert response.status_code == 400
    assert photo_error(response) == "too_large"
    assert "10 MB" in response.content.decode()
    foreign = room_of(SchoolFactory())
    response = client.post(ADD, form_post(foreign))
    assert response.status_code == 400
    assert response.context["form"].errors["room"]
    assert not RepairRequest.objects.exists()


@pytest.mark.django_db
def test_the_full_journey_through_the_detail_page(client, crew, room):
    request = file_request(crew["teacher"].school, crew["teacher"], room=room)
    step = lambda name: reverse("repairs:request_step", args=[request.pk, name])  # noqa: E731
    login(client, crew["teacher"])
    assert client.post(step("accept")).status_code == 403
    login(client, crew["logistics"])
    detail = client.get(request.get_absolute_url())
    assert [s.name for s, _f in detail.context["steps"]] == [
        "accept",
        "assign",
        "reject",
        "duplicate",
    ]
    response = client.post(step("assign"), {"assign-assignee": crew["worker"].pk})
    assert response.status_code == 302
    login(client, crew["worker"])
    jobs = client.get(reverse("repairs:my_jobs"))
    assert request.number in jobs.content.decode()
    client.post(step("start"))
    client.post(
        step("work"),
        {
            "work-description": "更换阀芯",
            "work-minutes": 25,
            "work-photo_kind": "after",
            "work-finish": "on",
            "work-photos": [photo_upload()],
        },
    )
    request.refresh_from_db()
    assert request.status == Status.DONE
    login(client, crew["teacher"])
    response = client.post(step("confirm"), {"confirm-rating": 5, "confirm-comment": "谢谢"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.rating, request.owner) == (
        Status.CONFIRMED,
        5,
        crew["logistics"],
    )
    page = client.get(request.get_absolute_url()).content.decode()
    assert "更换阀芯" in page and str(crew["logistics"]) in page


@pytest.mark.django_db
def test_an_out_of_order_step_re_renders_with_the_reason(client, crew, room):
    request = file_request(crew["teacher"].school, crew["teacher"], room=room)
    login(client, crew["logistics"])
    response = client.post(reverse("repairs:request_step", args=[request.pk, "finish"]))
    assert response.status_code == 409
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 1 and request.number in shown[0]
    assert shown[0] in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_rating_by_someone_else_is_refused(client, crew, room):
    request = file_request(crew["teacher"].school, crew["teacher"], room=room)
    services.repair_request_assign(
        request=request, assignee=crew["worker"], actor=crew["logistics"]
    )
    services.repair_request_finish(request=request, actor=crew["worker"])
    url = reverse("repairs:request_step", args=[request.pk, "confirm"])
    login(client, crew["worker"])
    assert client.post(url, {"confirm-rating": 5}).status_code == 403
    login(client, crew["logistics"])
    assert client.post(url, {"confirm-rating": 5}).status_code == 403
    login(client, crew["teacher"])
    assert client.post(url, {"confirm-rating": 9}).status_code == 400
    request.refresh_from_db()
    assert request.status == Status.DONE and request.rating is None


@pytest.mark.django_db
def test_who_sees_which_request(client, school, crew, room):
    mine = file_request(school, crew["teacher"], room=room)
    colleague = people(school)
    elsewhere = people(SchoolFactory())
    url = mine.get_absolute_url()
    expected = {
        "teacher": 200,
        "logistics": 200,
        "director": 200,
        "worker": 404,
    }
    for role, code in expected.items():
        assert login(client, crew[role]).get(url).status_code == code, role
    for role in ("teacher", "worker"):
        assert login(client, colleague[role]).get(url).status_code == 404
    for role in ("teacher", "logistics", "director"):
        assert login(client, elsewhere[role]).get(url).status_code == 404
    services.repair_request_assign(request=mine, assignee=crew["worker"], actor=crew["logistics"])
    assert login(client, crew["worker"]).get(url).status_code == 200


@pytest.mark.django_db
def test_the_board_scopes_rows_and_runs_a_constant_number_of_queries(client, school, crew, room):
    file_request(school, crew["teacher"], room=room)
    file_request(school, people(school)["teacher"], room=room)
    foreign_school = SchoolFactory()
    file_request(foreign_school, people(foreign_school)["teacher"])
    login(client, crew["teacher"])
    rows = client.get("/repairs/").context["rows"]
    assert len(rows) == 1
    login(client, crew["logistics"])
    few = count_queries(client, "/repairs/")
    for _ in range(25):
        file_request(school, crew["teacher"], room=room)
    many = count_queries(client, "/repairs/")
    assert few == many
    page = client.get("/repairs/", {"status": "submitted"})
    assert len(page.context["rows"]) == 27
    assert 'data-testid="board-assign-' in page.content.decode()
    assert count_queries(client, "/repairs/", status="submitted", priority="normal") == many


@pytest.mark.django_db
def test_the_repair_log_export_is_filtered_and_formula_safe(client, school, crew, room):
    file_request(school, crew["teacher"], room=room, description='=HYPERLINK("x")灯不亮')
    file_request(school, crew["teacher"], room=room, category="plumbing")
    login(client, crew["logistics"])
    response = client.get("/repairs/", {"export": "xlsx", "category": "electrical"})
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    texts = [str(v) for row in values for v in row if v is not None]
    assert any(t.endswith("灯不亮") for t in texts)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert len([row for row in values if row and str(row[0]).startswith("BX-")]) == 1


@pytest.mark.django_db
def test_my_requests_and_my_jobs_constant_queries(client, school, crew, room):
    login(client, crew["teacher"])
    file_request(school, crew["teacher"], room=room)
    few = count_queries(client, "/repairs/mine/")
    for _ in range(10):
        r = file_request(school, crew["teacher"], room=room)
        services.repair_request_assign(request=r, assignee=crew["worker"], actor=crew["logistics"])
    assert count_queries(client, "/repairs/mine/") == few
    login(client, crew["worker"])
    jobs = client.get("/repairs/jobs/")
    assert len(jobs.context["jobs"]) == 10
    assert count_queries(client, "/repairs/jobs/") <= few + 2


@pytest.mark.django_db
def test_the_room_status_shows_others_requests_without_names_or_text(client, school, crew, room):
    request = file_request(school, crew["teacher"], room=room, description="投影仪不亮，机密备注")
    other_teacher = people(school)["teacher"]
    login(client, other_teacher)
    page = client.get(reverse("repairs:room_status", args=[room.pk]))
    html = page.content.decode()
    assert request.number in html
    assert "机密备注" not in html and str(crew["teacher"]) not in html
    assert login(client, other_teacher).get(request.get_absolute_url()).status_code == 404
    elsewhere = people(SchoolFactory())["teacher"]
    assert (
        login(client, elsewhere).get(reverse("repairs:room_status", args=[room.pk])).status_code
        == 404
    )


@pytest.mark.django_db
def test_statistics_count_time_sla_and_satisfaction(client, school, crew, room):
    for rating in (5, 4, 2):
        r = file_request(school, crew["teacher"], room=room)
        services.repair_request_assign(request=r, assignee=crew["worker"], actor=crew["logistics"])
        services.repair_request_finish(request=r, actor=crew["worker"])
        services.repair_request_confirm(request=r, actor=crew["teacher"], rating=rating)
    file_request(school, crew["teacher"], room=room)
    login(client, crew["teacher"])
    assert client.get("/repairs/stats/").status_code == 403
    login(client, crew["director"])
    page = client.get("/repairs/stats/", {"by": "category"})
    total = page.context["total"]
    assert total.count == 4
    assert total.mean_rating == pytest.approx(3.67)
    assert total.satisfied_percent == pytest.approx(66.7)
    assert total.sla_percent == 100.0
    assert [g.key for g in page.context["groups"]] == ["electrical"]
    assert page.context["repeats"]["rooms"][0]["n"] == 4


@pytest.mark.django_db
def test_the_menu_shows_each_role_its_repair_pages(client, crew):
    from core.navigation import menu_for

    def urls(user):
        return {item["url"] for group in menu_for(user) for item in group["items"]}

    repairs_pages = {
        "/repairs/new/",
        "/repairs/mine/",
        "/repairs/jobs/",
        "/repairs/",
        "/repairs/stats/",
    }
    assert urls(crew["teacher"]) & repairs_pages == {"/repairs/new/", "/repairs/mine/"}
    assert urls(crew["worker"]) & repairs_pages == {
        "/repairs/new/",
        "/repairs/mine/",
        "/repairs/jobs/",
    }
    assert urls(crew["logistics"]) & repairs_pages == repairs_pages


@pytest.mark.django_db
def test_a_bad_month_filter_is_a_400_not_a_crash(client, crew):
    login(client, crew["logistics"])
    assert client.get("/repairs/", {"month": "2026-13"}).status_code == 400
    assert client.get("/repairs/", {"month": "2026-11"}).status_code == 200
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(crew["logistics"])
    assert api.get("/api/v1/repairs/requests/", {"month": "nope"}).status_code == 400


@pytest.mark.django_db
def test_a_district_viewer_reads_the_statistics_of_its_schools(client, school, crew, room):
    from tests.factories import UserFactory

    file_request(school, crew["teacher"], room=room)
    viewer = UserFactory(school=None, roles=["district"])
    viewer.district_schools.add(school)
    login(client, viewer)
    assert client.get("/repairs/stats/").context["total"].count == 1


@pytest.mark.django_db
def test_the_statistics_link_the_filtered_repair_log(client, school, crew, room):
    file_request(school, crew["teacher"], room=room)
    login(client, crew["director"])
    page = client.get("/repairs/stats/", {"month": "3"})
    year = page.context["year"]
    assert page.context["log_url"].endswith(f"export=xlsx&month={year}-03")
    year_page = client.get("/repairs/stats/")
    assert year_page.context["log_url"].endswith(f"year={year}")
    board = client.get("/repairs/", {"year": year_page.context["year"]})
    assert len(board.context["rows"]) == 1
    assert len(client.get("/repairs/", {"year": 2001}).context["rows"]) == 0
