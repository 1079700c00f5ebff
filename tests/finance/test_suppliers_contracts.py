"""Supplier contracts: dates ordered, documents checked by content, the end notified once to
the director and the logistics staff, within the school's notice period."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from core.choices import Role
from core.models import Notification
from finance.models import FinanceSettings, SupplierContract
from finance.services.suppliers import contracts_notify
from finance.tasks import notify_contracts
from tests.finance.factories import supplier_of
from tests.finance.factories_suppliers import contract_of

pytestmark = pytest.mark.django_db


def _form(school, **extra):
    return {
        "supplier": supplier_of(school).pk,
        "title": "办公用品供货合同",
        "starts_on": "2026-03-01",
        "ends_on": "2027-02-28",
        "amount": "36000.00",
        **extra,
    }


def test_a_contract_ending_before_it_starts_is_refused_on_the_page(school, client, make_user):
    client.force_login(make_user(Role.LOGISTICS))
    response = client.post("/finance/contracts/add/", _form(school, ends_on="2026-02-01"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "合同的结束日期不能早于开始日期" in html
    assert "Constraint" not in html and "finance_contract" not in html
    assert not SupplierContract.objects.exists()


def test_a_contract_ending_before_it_starts_is_refused_by_the_api(school, make_user):
    api = APIClient()
    api.force_authenticate(make_user(Role.LOGISTICS))
    response = api.post("/api/v1/finance/contracts/", _form(school, ends_on="2026-02-01"))
    assert response.status_code == 400
    assert response.json()["fields"]["ends_on"] == ["合同的结束日期不能早于开始日期。"]
    assert not SupplierContract.objects.exists()
    contract = contract_of(school)
    changed = api.patch(
        f"/api/v1/finance/contracts/{contract.pk}/", {"ends_on": "2001-01-01"}, format="json"
    )
    assert changed.status_code == 400
    assert SupplierContract.objects.get(pk=contract.pk).ends_on == contract.ends_on


def test_a_contract_document_is_checked_by_content_and_served_to_its_readers(
    school, client, make_user
):
    client.force_login(make_user(Role.LOGISTICS))
    fake = SimpleUploadedFile("合同.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = client.post("/finance/contracts/add/", {**_form(school), "document": fake})
    assert refused.status_code == 400
    assert not SupplierContract.objects.exists()
    real = SimpleUploadedFile("合同.pdf", b"%PDF-1.7\n%demo", content_type="application/pdf")
    saved = client.post("/finance/contracts/add/", {**_form(school), "document": real})
    assert saved.status_code == 302
    contract = SupplierContract.objects.get()
    page = client.get(contract.get_absolute_url()).content.decode()
    assert f"/finance/contracts/{contract.pk}/document/" in page
    download = client.get(f"/finance/contracts/{contract.pk}/document/")
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.7")
    client.force_login(make_user(Role.TEACHER))
    assert client.get(f"/finance/contracts/{contract.pk}/document/").status_code == 403


def _told(school):
    return Notification.objects.filter(school=school, title__contains="合同")


def test_the_end_is_notified_once_to_the_director_and_logistics(school, make_user):
    director, logistics = make_user(Role.DIRECTOR), make_user(Role.LOGISTICS)
    make_user(Role.TEACHER)
    soon = contract_of(school, ends_in=10, title="保洁服务合同")
    contract_of(school, ends_in=200)  # far from its end
    contract_of(school, ends_in=-1)  # ended yesterday: too late to warn
    assert notify_contracts.apply().get() == 1
    assert notify_contracts.apply().get() == 0  # the second run (a redelivery) tells nobody
    assert contracts_notify() == 0
    told = _told(school)
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [director.pk, logistics.pk]
    )
    assert "保洁服务合同" in told.first().title
    soon.refresh_from_db()
    assert soon.notified_at is not None


def test_the_school_notice_period_decides_and_a_renewal_is_notified_again(school, make_user):
    make_user(Role.DIRECTOR)
    FinanceSettings.objects.create(school=school, contract_notice_days=7)
    contract = contract_of(school, ends_in=10)
    assert contracts_notify() == 0  # 10 days away, the school warns 7 days before
    assert contracts_notify(today=timezone.localdate() + dt.timedelta(days=3)) == 1
    client_user = make_user(Role.LOGISTICS)
    from django.test import Client

    client = Client()
    client.force_login(client_user)
    renewed = (contract.ends_on + dt.timedelta(days=365)).isoformat()
    response = client.post(
        f"/finance/contracts/{contract.pk}/edit/",
        {
            "supplier": contract.supplier_id,
            "title": contract.title,
            "starts_on": contract.starts_on.isoformat(),
            "ends_on": renewed,
        },
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.notified_at is None  # the new end will be notified before it comes


def test_the_schedule_is_a_beat_row():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="finance.notify_contracts")
    assert task.enabled and task.crontab.hour == "7"


def test_the_ending_filter_lists_the_contracts_in_the_notice_period(school, client, make_user):
    soon = contract_of(school, ends_in=5, title="即将到期合同")
    contract_of(school, ends_in=300, title="长期合同")
    client.force_login(make_user(Role.DIRECTOR))
    html = client.get("/finance/contracts/", {"ending": "true"}).content.decode()
    assert soon.title in html and "长期合同" not in html
