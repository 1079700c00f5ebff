"""The demo school: one user per role, realistic places, and a second run changes nothing."""

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from core.choices import Role
from core.models import Building, Room, SchoolClass, Term, User

DEMO_USERS = {
    "admin": Role.ADMIN,
    "director": Role.DIRECTOR,
    "principal": Role.PRINCIPAL,
    "logistics1": Role.LOGISTICS,
    "worker1": Role.WORKER,
    "canteen1": Role.CANTEEN,
    "canteenmgr": Role.CANTEEN_MANAGER,
    "teacher1": Role.TEACHER,
    "teacher2": Role.TEACHER,
}


def snapshot():
    return [m.objects.count() for m in (User, Building, Room, SchoolClass, Term, LogEntry)]


@pytest.mark.django_db
def test_seed_demo_builds_a_school_and_is_idempotent():
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    for username, role in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.check_password("zongwu-demo")
        assert role in user.role_codes
    assert Room.objects.filter(school__code="hongxing").count() >= 25
    assert SchoolClass.objects.filter(
        school__code="hongxing", homeroom_teacher__isnull=False
    ).exists()
