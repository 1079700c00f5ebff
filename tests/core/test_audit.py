"""Every change of a domain record is kept (who, when, what) and shown on the record's page."""

import pytest
from auditlog.models import LogEntry

from core import services
from core.models import PermanentRecordError, Room
from tests.factories import RoomFactory


@pytest.fixture
def room(school):
    return RoomFactory(
        school=school, building__school=school, building__campus__school=school, name="音乐教室"
    )


@pytest.mark.django_db
def test_an_edit_is_recorded_with_actor_and_change(client, room, make_user):
    staff = make_user("logistics")
    client.force_login(staff)
    data = {
        "building": room.building_id,
        "code": room.code,
        "name": "舞蹈教室",
        "floor": 2,
        "room_type": "classroom",
    }
    assert client.post(f"/places/rooms/{room.pk}/edit/", data).status_code == 302
    entry = LogEntry.objects.get_for_object(room).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == staff
    assert entry.changes_dict["name"] == ["音乐教室", "舞蹈教室"]
    page = client.get(f"/places/rooms/{room.pk}/").content.decode()
    assert "舞蹈教室" in page and "音乐教室" in page and str(staff) in page


@pytest.mark.django_db
def test_rooms_are_archived_never_deleted(client, room, make_user):
    client.force_login(make_user("director"))
    client.post(f"/places/rooms/{room.pk}/delete/")
    room.refresh_from_db()
    assert room.archived_at is not None
    events = [e.additional_data for e in LogEntry.objects.get_for_object(room)]
    assert {"event": "archived"} in events
    with pytest.raises(PermanentRecordError):
        room.delete()
    with pytest.raises(PermanentRecordError):
        Room.objects.filter(pk=room.pk).delete()
    assert Room.objects.filter(pk=room.pk).exists()


@pytest.mark.django_db
def test_role_changes_are_audited(make_user):
    user = make_user("teacher")
    services.user_set_roles(user=user, roles=["teacher", "logistics"])
    user = type(user).objects.get(pk=user.pk)
    assert user.role_codes == {"teacher", "logistics"}
    entry = (
        LogEntry.objects.get_for_object(user)
        .filter(additional_data__event="roles_changed")
        .order_by("-pk")
        .first()
    )
    assert entry.changes_dict["roles"] == [["teacher"], ["logistics", "teacher"]]


@pytest.mark.django_db
def test_api_delete_archives_too(room, make_user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(make_user("logistics"))
    assert api.delete(f"/api/v1/core/rooms/{room.pk}/").status_code == 204
    room.refresh_from_db()
    assert room.is_archived
