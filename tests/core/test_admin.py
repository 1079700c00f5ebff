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


@pytest.mark.django_db
def test_every_link_the_admin_home_shows_a_school_admin_opens():
    """Issue 9 point 9: the home page promised schedules the school admin got a 403 on."""
    import re

    from django.test import Client

    from core.demo import seed_demo_school
    from core.models import User

    seed_demo_school()
    admin_user = User.objects.get(username="admin")
    client = Client()
    client.force_login(admin_user)
    home = client.get("/").content.decode()
    assert "定时" not in home and "schedules" not in home  # no promise of what it cannot open
    index = client.get("/admin/").content.decode()
    links = set(re.findall(r'href="(/admin/[^"]*)"', index)) - {"/admin/logout/"}
    assert len(links) > 5
    refused = {link: client.get(link).status_code for link in sorted(links)}
    assert {link: code for link, code in refused.items() if code >= 400} == {}
    assert "django_celery_beat" not in index  # deployment-wide: the superuser's, not a school's


@pytest.mark.django_db
def test_the_user_page_shows_a_school_admin_the_apps_roles_not_djangos(
    client, school_admin, school
):
    from core.models import User

    teacher = UserFactory(school=school, username="teacher-x", roles=[Role.TEACHER])
    client.force_login(school_admin)
    page = client.get(f"/admin/core/user/{teacher.pk}/change/").content.decode()
    for django_field in ("is_staff", "is_superuser", "groups", "user_permissions"):
        assert f'name="{django_field}"' not in page and f"field-{django_field}" not in page
    assert 'name="user_roles-0-role"' in page and 'name="is_active"' in page

    # Making the teacher an administrator gives them the admin site (staff follows the role).
    role_id = teacher.user_roles.get().pk
    response = client.post(
        f"/admin/core/user/{teacher.pk}/change/",
        {
            "username": "teacher-x",
            "last_name": teacher.last_name,
            "first_name": teacher.first_name,
            "is_active": "on",
            "date_joined_0": "2026-09-01",
            "date_joined_1": "08:00:00",
            "user_roles-TOTAL_FORMS": "2",
            "user_roles-INITIAL_FORMS": "1",
            "user_roles-0-id": role_id,
            "user_roles-0-user": teacher.pk,
            "user_roles-0-role": Role.TEACHER,
            "user_roles-1-user": teacher.pk,
            "user_roles-1-role": Role.ADMIN,
        },
    )
    problems = response.context and (
        response.context["adminform"].form.errors,
        [f.formset.errors for f in response.context["inline_admin_formsets"]],
    )
    assert response.status_code == 302, problems
    assert User.objects.get(pk=teacher.pk).is_staff
