"""Every admin is scoped: for another school's id and for an unknown id the admin's row pages
(change, history, delete) answer the same 404, so the admin tells no one which ids exist."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group

from core.admin import MissingRowIsNotFound, ScopedAdmin, SuperuserOnlyAdmin
from core.choices import Role
from core.models import ExportJob, Notification
from tests.factories import RoomFactory, UserFactory

APP_LABELS = {"core", "assets", "repairs", "safety", "canteen", "finance", "planning"}
UNKNOWN = 987654


def test_every_registered_admin_hides_missing_rows():
    loose = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, MissingRowIsNotFound)
    ]
    assert loose == []


def test_every_admin_of_the_apps_is_scoped():
    loose = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in APP_LABELS
        and not isinstance(model_admin, ScopedAdmin | SuperuserOnlyAdmin)
    ]
    assert loose == []
    assert apps.get_app_config("core")  # the apps above are installed


def other_schools_rows(other_school):
    stranger = UserFactory(school=other_school, roles=[Role.TEACHER])
    room = RoomFactory(
        school=other_school, building__school=other_school, building__campus__school=other_school
    )
    note = Notification.objects.create(school=other_school, recipient=stranger, title="别校通知")
    job = ExportJob.objects.create(
        school=other_school, requested_by=stranger, view_name="x", title="别校导出"
    )
    group = Group.objects.create(name="别校组")
    return {
        "core/notification": note.pk,
        "core/exportjob": job.pk,
        "core/room": room.pk,
        "core/user": stranger.pk,
        "auth/group": group.pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["history", "change", "delete"])
def test_another_schools_id_and_an_unknown_id_answer_the_same_404(
    client, make_user, other_school, page
):
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    for path, pk in other_schools_rows(other_school).items():
        foreign = client.get(f"/admin/{path}/{pk}/{page}/")
        unknown = client.get(f"/admin/{path}/{UNKNOWN}/{page}/")
        assert (foreign.status_code, unknown.status_code) == (404, 404), path


@pytest.mark.django_db
def test_the_own_schools_rows_still_open(client, make_user, school):
    client.force_login(make_user(Role.ADMIN, is_staff=True))
    room = RoomFactory(school=school, building__school=school, building__campus__school=school)
    for page in ("history", "change"):
        assert client.get(f"/admin/core/room/{room.pk}/{page}/").status_code == 200


@pytest.mark.django_db
def test_the_superuser_still_sees_every_notification(client, school, other_school):
    rows = other_schools_rows(other_school)
    client.force_login(UserFactory(school=school, is_staff=True, is_superuser=True))
    for path in ("core/notification", "core/exportjob", "auth/group"):
        assert client.get(f"/admin/{path}/{rows[path]}/history/").status_code == 200
        assert client.get(f"/admin/{path}/{UNKNOWN}/history/").status_code == 404
