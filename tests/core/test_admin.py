"""The Django admin is scoped like the rest: a school's admin manages only their own school."""

import pytest

from core.choices import Role
from tests.factories import RoomFactory, UserFactory


@pytest.fixture
def school_admin(make_user):
    return make_user(Role.ADMIN, is_staff=True)


@pytest.mark.django_db
def test_school_admin_sees_only_own_users_and_rooms(client, school_admin, school, other_school):
    mine = UserFactory(school=school, username="own-teacher", roles=[Role.TEACHER])
    theirs = UserFactory(school=other_school, username="foreign-teacher", roles=[Role.TEACHER])
    RoomFactory(
        school=other_school,
        building__school=other_school,
        building__campus__school=other_school,
        name="别校教室",
    )
    client.force_login(school_admin)
    users_page = client.get("/admin/core/user/").content.decode()
    assert mine.username in users_page
    assert theirs.username not in users_page
    assert "别校教室" not in client.get("/admin/core/room/").content.decode()
    assert client.get(f"/admin/core/user/{theirs.pk}/change/").status_code in (302, 404)


@pytest.mark.django_db
def test_school_admin_creates_a_user_in_own_school_with_roles(client, school_admin, school):
    client.force_login(school_admin)
    response = client.post(
        "/admin/core/user/add/",
        {
            "username": "new-teacher",
            "password1": "Xin-mima-2026!",
            "password2": "Xin-mima-2026!",
            "usable_password": "true",
            "user_roles-TOTAL_FORMS": "1",
            "user_roles-INITIAL_FORMS": "0",
            "user_roles-0-role": Role.TEACHER,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from core.models import User

    created = User.objects.get(username="new-teacher")
    assert created.school == school
    assert created.role_codes == {Role.TEACHER}


@pytest.mark.django_db
def test_teacher_cannot_enter_the_admin(client, make_user):
    client.force_login(make_user(Role.TEACHER))
    assert client.get("/admin/core/user/").status_code == 302
