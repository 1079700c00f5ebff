"""The causes the form crawl (tests/test_form_fuzz.py) found, each pinned by a small test."""

from __future__ import annotations

import pytest

from core.choices import Role
from core.models import Campus, Room, SchoolClass
from tests.factories import CampusFactory, RoomFactory


@pytest.fixture
def school_admin(make_user):
    return make_user(Role.ADMIN, is_staff=True)


@pytest.mark.django_db
def test_admin_adding_a_class_that_exists_is_a_form_error(client, school_admin, school):
    SchoolClass.objects.create(school=school, grade=3, number=2)
    client.force_login(school_admin)
    answer = client.post("/admin/core/schoolclass/add/", {"grade": 3, "number": 2})
    assert answer.status_code == 200  # the form again, with the error
    assert answer.context["adminform"].form.errors
    assert SchoolClass.objects.filter(school=school).count() == 1


@pytest.mark.django_db
def test_admin_renaming_a_campus_to_a_taken_name_is_a_form_error(client, school_admin, school):
    CampusFactory(school=school, name="东校区")
    west = CampusFactory(school=school, name="西校区")
    client.force_login(school_admin)
    answer = client.post(f"/admin/core/campus/{west.pk}/change/", {"name": "东校区"})
    assert answer.status_code == 200
    assert Campus.objects.get(pk=west.pk).name == "西校区"


@pytest.mark.django_db
def test_a_second_settings_row_cannot_be_added(client, school_admin, school):
    from repairs.models import RepairSettings

    client.force_login(school_admin)
    assert client.get("/admin/repairs/repairsettings/add/").status_code == 200
    RepairSettings.objects.get_or_create(school=school)
    assert client.get("/admin/repairs/repairsettings/add/").status_code == 403
    assert client.post("/admin/repairs/repairsettings/add/", {}).status_code == 403
    assert RepairSettings.objects.filter(school=school).count() == 1


@pytest.mark.django_db
def test_a_nul_character_is_refused_on_every_page_and_the_api(client, make_user, school):
    RoomFactory(school=school, building__school=school, building__campus__school=school)
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    for url in ("/admin/core/room/?q=a%00b", "/places/rooms/?q=%00", "/api/v1/core/rooms/?q=%00"):
        answer = client.get(url)
        assert answer.status_code == 400, url
    page = client.post(
        "/places/campuses/add/", "name=a%00b", content_type="application/x-www-form-urlencoded"
    )
    assert page.status_code == 400
    assert "NUL" in page.content.decode()
    assert not Campus.objects.filter(name__startswith="a").exists()
    assert client.get("/places/rooms/?q=101").status_code == 200


@pytest.mark.django_db
def test_statistics_with_an_impossible_year_show_this_year_and_say_so(client, make_user):
    client.force_login(make_user(Role.DIRECTOR))
    answer = client.get("/repairs/stats/?year=999999999")
    assert answer.status_code == 200
    assert answer.context["year"] < 3000
    assert [m.level_tag for m in answer.context["messages"]] == ["error"]
    assert client.get("/repairs/stats/?year=2026").context["year"] == 2026


@pytest.mark.django_db
def test_huge_ids_in_a_multiple_choice_match_nothing(school):
    RoomFactory(school=school, building__school=school, building__campus__school=school)
    assert list(Room.objects.filter(pk__in=[99999999999999999999, -(2**70)])) == []
    assert Room.objects.filter(pk__in=[Room.objects.get().pk, 2**80]).count() == 1
