"""The provinces' procurement limits in the admin: a school's administrator reads the seeded
examples marked unconfirmed; the deployment's superuser confirms, changes and deletes them; other
roles do not reach the table. Quotes and orders are read-only there (written by the services only)."""

from __future__ import annotations

import pytest
from django.test import Client

from core.choices import Role
from finance.models import ProcurementLimit
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/admin/finance/procurementlimit/"


def _client(role=None, *, superuser=False):
    user = UserFactory(school=SchoolFactory(), roles=[role] if role else [])
    user.is_staff = True
    user.is_superuser = superuser
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_sees_the_examples_unconfirmed_and_the_superuser_confirms_them():
    school_admin = _client(Role.ADMIN)
    page = school_admin.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "浙江" in html and "未确认：请核对" in html and "示例数据，请管理员核对" in html
    row = ProcurementLimit.objects.filter(province="江苏").first()
    assert school_admin.get(f"{URL}{row.pk}/delete/").status_code == 403
    assert school_admin.get(f"{URL}add/").status_code == 403
    client = _client(superuser=True)
    zhejiang = list(ProcurementLimit.objects.filter(province="浙江").values_list("pk", flat=True))
    done = client.post(URL, {"action": "confirm", "_selected_action": zhejiang})
    assert done.status_code == 302
    assert not ProcurementLimit.objects.filter(province="浙江", confirmed=False).exists()
    assert ProcurementLimit.objects.filter(province="江苏", confirmed=False).exists()


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.LOGISTICS, Role.TEACHER])
def test_other_roles_do_not_reach_the_table(role):
    assert _client(role).get(URL).status_code == 403


def test_the_superuser_deletes_and_quotes_and_orders_are_read_only():
    client = _client(superuser=True)
    row = ProcurementLimit.objects.filter(province="北京").first()
    assert client.get(f"{URL}{row.pk}/delete/").status_code == 200
    assert client.get("/admin/finance/quote/add/").status_code == 403
    assert client.get("/admin/finance/purchaseorder/add/").status_code == 403
    assert client.get("/admin/finance/purchaseorder/").status_code == 200
