"""The disclosure's pages and API: the director drafts last month's from the menu's list, submits;
the principal approves (the drafter may not); the notice PDF says what the page says."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.choices import Role
from finance.choices import DisclosureStatus, EconomicCategory
from finance.models import ExpenditureDisclosure
from finance.views.disclosure import last_month
from tests.factories import UserFactory
from tests.finance.factories import line_of, office, supplier_of
from tests.finance.factories_suppliers import paid_purchase

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(school):
    people = office(school)
    month = last_month()
    line = line_of(
        school, category=EconomicCategory.OFFICE_EQUIPMENT, amount="90000", year=month.year
    )
    paid_purchase(
        school,
        requester=people["teacher"],
        line=line,
        amount="12600.00",
        paid_on=month + dt.timedelta(days=8),
        supplier=supplier_of(school, name="金陵数码"),
        title="激光打印机",
    )
    return people


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def _pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def test_the_chain_on_the_pages_and_the_notice(school, people):
    director = _as(people["director"])
    form = director.get("/finance/disclosures/add/").content.decode()
    assert last_month().isoformat() in form
    response = director.post(
        "/finance/disclosures/add/", {"month": last_month().isoformat(), "is_public": "on"}
    )
    assert response.status_code == 302
    disclosure = ExpenditureDisclosure.objects.get()
    page = director.get(disclosure.get_absolute_url()).content.decode()
    assert "激光打印机" in page and "12600.00" in page and 'data-testid="step-submit"' in page
    assert director.post(f"/finance/disclosures/{disclosure.pk}/submit/").status_code == 302
    principal = _as(people["principal"])
    assert (
        'data-testid="step-approve"'
        in principal.get(disclosure.get_absolute_url()).content.decode()
    )
    assert principal.post(f"/finance/disclosures/{disclosure.pk}/approve/").status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.PUBLISHED
    page = principal.get(disclosure.get_absolute_url()).content.decode()
    assert f"/finance/public/disclosures/{disclosure.public_token}/" in page
    pdf = principal.get(f"/finance/disclosures/{disclosure.pk}/notice.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content)
    for shown in (school.name, "财务公开", "激光打印机", "金陵数码", "12600.00", "办公设备购置"):
        assert shown in text


def test_the_drafter_is_refused_on_the_page_with_the_sentence(school, people):
    both = UserFactory(school=school, roles=[Role.DIRECTOR, Role.PRINCIPAL])
    client = _as(both)
    client.post("/finance/disclosures/add/", {"month": last_month().isoformat()})
    disclosure = ExpenditureDisclosure.objects.get()
    client.post(f"/finance/disclosures/{disclosure.pk}/submit/")
    page = client.get(disclosure.get_absolute_url()).content.decode()
    assert 'data-testid="step-approve"' not in page
    refused = client.post(f"/finance/disclosures/{disclosure.pk}/approve/")
    assert refused.status_code == 403
    assert "这份财务公开是您起草的，须由他人审批。" in refused.content.decode()
    disclosure.refresh_from_db()
    assert disclosure.status == DisclosureStatus.SUBMITTED


def test_a_second_draft_of_a_month_is_a_form_error(school, people):
    client = _as(people["director"])
    client.post("/finance/disclosures/add/", {"month": last_month().isoformat()})
    again = client.post("/finance/disclosures/add/", {"month": last_month().isoformat()})
    assert again.status_code == 400 and "的财务公开已存在" in again.content.decode()
    assert ExpenditureDisclosure.objects.count() == 1


def test_the_api_drafts_and_takes_the_steps(school, people):
    director, principal = APIClient(), APIClient()
    director.force_authenticate(people["director"])
    principal.force_authenticate(people["principal"])
    created = director.post(
        "/api/v1/finance/disclosures/", {"month": last_month().isoformat(), "is_public": True}
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["content"]["purchases"][0]["item"] == "激光打印机"
    assert director.post(f"/api/v1/finance/disclosures/{pk}/approve/").status_code == 403
    assert director.post(f"/api/v1/finance/disclosures/{pk}/submit/").status_code == 200
    own = director.post(f"/api/v1/finance/disclosures/{pk}/submit/")
    assert own.status_code == 409 and own.json()["code"] == "wrong_status"
    done = principal.post(f"/api/v1/finance/disclosures/{pk}/approve/", {"note": "同意公开"})
    assert done.status_code == 200 and done.json()["status"] == DisclosureStatus.PUBLISHED


def test_the_principals_home_counts_the_disclosures_to_approve_and_links_them(school, people):
    from finance.services import disclosure as services

    draft = services.disclosure_draft(actor=people["director"], month=last_month())
    services.disclosure_submit(disclosure=draft, actor=people["director"])
    services.disclosure_draft(actor=people["director"], month=dt.date(2025, 1, 1))  # a draft
    principal = _as(people["principal"])
    home = principal.get("/").content.decode()
    marker = 'data-testid="todo-count-finance.disclosures_to_approve">'
    assert home.split(marker, 1)[1].split("<", 1)[0] == "1"
    listed = principal.get("/finance/disclosures/", {"status": "submitted"})
    assert {pk for pk, _values in listed.context["rows"]} == {draft.pk}
