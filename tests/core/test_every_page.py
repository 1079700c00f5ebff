"""Every page of the demo school, as each role, reached by following the links a person sees.

Issue 9 points 1 and 6: the export and label links were written `??export=xlsx` and no test noticed
because every test built its URLs by hand; raw values (None, True, ['classroom'], event codes)
leaked into the Chinese pages. This walks home, every list, and every detail and form linked
from them (tests/crawl.py) and fails on a malformed link, a 4xx/5xx, or a raw value on screen.
"""

from __future__ import annotations

import pytest

from core.choices import Role
from core.demo import seed_demo_school
from core.models import User
from tests.crawl import crawl

DEMO_LOGINS = {
    Role.ADMIN: "admin",
    Role.DIRECTOR: "director",
    Role.PRINCIPAL: "principal",
    Role.LOGISTICS: "logistics1",
    Role.WORKER: "worker1",
    Role.CANTEEN: "canteen1",
    Role.CANTEEN_MANAGER: "canteenmgr",
    Role.TEACHER: "teacher1",
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(DEMO_LOGINS))
def test_every_page_a_role_reaches_opens_and_speaks_plain_chinese(role):
    seed_demo_school()
    user = User.objects.get(username=DEMO_LOGINS[role])
    report = crawl(user)
    assert report.visited > 10
    assert not report.problems, "\n".join(report.problems)
