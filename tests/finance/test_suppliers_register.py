"""The supplier register's bank details and blacklist: an account in full only for those who
pay, masked on the page, the list, its export and the API for everyone else; blacklisting with
a reason by the director or the admin, shown in the list and refused where goods are accepted."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core import access
from core.choices import Role
from core.models import Supplier
from tests.finance.factories import supplier_of
from tests.finance.factories_suppliers import contract_of, evaluation_of

ACCOUNT = "6222 0243 0100 8827"
MASKED = "****8827"
pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier(school):
    return supplier_of(
        school, name="金陵数码科技", bank_name="工商银行新街口支行", bank_account=ACCOUNT
    )


def _client(client, make_user, role):
    client.force_login(make_user(role))
    return client


def test_the_rule_is_the_finance_payers():
    assert {Role.ADMIN, Role.DIRECTOR, Role.LOGISTICS} == access.BANK_DETAIL_READERS
    assert access.mask_account("6222024301008827") == "****8827"
    assert access.mask_account("") == ""


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.LOGISTICS, ACCOUNT),
        (Role.DIRECTOR, ACCOUNT),
        (Role.ADMIN, ACCOUNT),
        (Role.PRINCIPAL, MASKED),
        (Role.CANTEEN_MANAGER, MASKED),
        (Role.CANTEEN, MASKED),
    ],
)
def test_the_detail_page_and_the_list_show_the_account_by_role(
    role, shown, supplier, client, make_user
):
    client = _client(client, make_user, role)
    page = client.get(f"/suppliers/{supplier.pk}/").content.decode()
    listed = client.get("/suppliers/").content.decode()
    for html in (page, listed):
        assert shown in html
        if shown == MASKED:
            assert ACCOUNT not in html and "0100" not in html
    assert "工商银行新街口支行" in page


@pytest.mark.parametrize(("role", "shown"), [(Role.LOGISTICS, ACCOUNT), (Role.PRINCIPAL, MASKED)])
def test_the_export_shows_the_account_by_role(role, shown, supplier, client, make_user):
    client = _client(client, make_user, role)
    response = client.get("/suppliers/", {"export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    values = [cell.value for row in book.active.iter_rows() for cell in row]
    assert shown in values
    assert (ACCOUNT in values) == (shown == ACCOUNT)


@pytest.mark.parametrize(("role", "shown"), [(Role.DIRECTOR, ACCOUNT), (Role.CANTEEN, MASKED)])
def test_the_api_shows_the_account_by_role(role, shown, supplier, make_user):
    api = APIClient()
    api.force_authenticate(make_user(role))
    one = api.get(f"/api/v1/core/suppliers/{supplier.pk}/").json()
    many = api.get("/api/v1/core/suppliers/").json()
    rows = many["results"] if isinstance(many, dict) else many
    assert one["bank_account"] == shown
    assert [row["bank_account"] for row in rows] == [shown]


def test_a_canteen_manager_edits_a_supplier_without_seeing_or_changing_its_account(
    supplier, client, make_user
):
    client = _client(client, make_user, Role.CANTEEN_MANAGER)
    form = client.get(f"/suppliers/{supplier.pk}/edit/").content.decode()
    assert 'name="bank_account"' not in form and ACCOUNT not in form
    assert 'name="is_blacklisted"' not in form
    response = client.post(
        f"/suppliers/{supplier.pk}/edit/",
        {
            "name": supplier.name,
            "phone": "13900000000",
            "bank_account": "1111",
            "is_blacklisted": "on",
        },
    )
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert (supplier.phone, supplier.bank_account, supplier.is_blacklisted) == (
        "13900000000",
        ACCOUNT,
        False,
    )


def test_a_casual_reader_cannot_write_the_account_through_the_api(supplier, make_user):
    api = APIClient()
    api.force_authenticate(make_user(Role.CANTEEN_MANAGER))
    response = api.patch(
        f"/api/v1/core/suppliers/{supplier.pk}/",
        {"bank_account": "1111", "is_blacklisted": True, "phone": "13900000000"},
        format="json",
    )
    assert response.status_code == 200
    supplier.refresh_from_db()
    assert (supplier.bank_account, supplier.is_blacklisted, supplier.phone) == (
        ACCOUNT,
        False,
        "13900000000",
    )


def test_the_director_blacklists_with_a_reason_and_the_list_shows_it(supplier, client, make_user):
    client = _client(client, make_user, Role.DIRECTOR)
    data = {"name": supplier.name, "bank_account": ACCOUNT, "is_blacklisted": "on"}
    refused = client.post(f"/suppliers/{supplier.pk}/edit/", data)
    assert refused.status_code == 400
    assert "请说明列入黑名单的原因" in refused.content.decode()
    supplier.refresh_from_db()
    assert not supplier.is_blacklisted
    done = client.post(f"/suppliers/{supplier.pk}/edit/", {**data, "blacklist_reason": "以次充好"})
    assert done.status_code == 302
    supplier.refresh_from_db()
    assert (supplier.is_blacklisted, supplier.blacklist_reason) == (True, "以次充好")
    listed = client.get("/suppliers/", {"is_blacklisted": "true"}).content.decode()
    assert "以次充好" in listed and supplier.name in listed
    assert (
        supplier.name not in client.get("/suppliers/", {"is_blacklisted": "false"}).content.decode()
    )


def test_blacklisting_through_the_api_needs_a_reason(supplier, make_user):
    api = APIClient()
    api.force_authenticate(make_user(Role.ADMIN))
    url = f"/api/v1/core/suppliers/{supplier.pk}/"
    refused = api.patch(url, {"is_blacklisted": True}, format="json")
    assert refused.status_code == 400
    assert "blacklist_reason" in refused.json()["fields"]
    assert not Supplier.objects.get(pk=supplier.pk).is_blacklisted
    assert (
        api.patch(
            url, {"is_blacklisted": True, "blacklist_reason": "虚假资质"}, format="json"
        ).status_code
        == 200
    )
    assert Supplier.objects.get(pk=supplier.pk).is_blacklisted


def test_the_canteen_delivery_form_refuses_a_blacklisted_supplier(school, make_user):
    from canteen.forms_acceptance import DeliveryForm

    user = make_user(Role.CANTEEN_MANAGER)
    banned = supplier_of(school, is_blacklisted=True, blacklist_reason="检出不合格食材")
    form = DeliveryForm(
        {"date": timezone.localdate().isoformat(), "supplier": banned.pk, "acceptor": user.pk},
        user=user,
    )
    assert not form.is_valid()
    assert "黑名单" in str(form.errors["supplier"]) and "检出不合格食材" in str(
        form.errors["supplier"]
    )


def test_the_supplier_page_lists_its_contracts_and_evaluations(supplier, school, client, make_user):
    contract = contract_of(school, supplier=supplier, title="年度维保合同")
    evaluation = evaluation_of(school, supplier=supplier, year=2025)
    page = _client(client, make_user, Role.PRINCIPAL).get(f"/suppliers/{supplier.pk}/")
    html = page.content.decode()
    assert "年度维保合同" in html and contract.get_absolute_url() in html
    assert evaluation.get_absolute_url() in html and "2025: B" in html


def test_a_canteen_reader_sees_the_supplier_page_without_finance_sections(
    supplier, school, client, make_user
):
    contract_of(school, supplier=supplier, title="年度维保合同")
    html = (
        _client(client, make_user, Role.CANTEEN).get(f"/suppliers/{supplier.pk}/").content.decode()
    )
    assert supplier.name in html and "年度维保合同" not in html


def test_the_history_masks_a_changed_account_for_a_casual_reader(supplier, client, make_user):
    payer = _client(client, make_user, Role.LOGISTICS)
    changed = payer.post(
        f"/suppliers/{supplier.pk}/edit/",
        {"name": supplier.name, "bank_account": "6222 0243 0100 9931"},
    )
    assert changed.status_code == 302
    assert "0100 9931" in payer.get(f"/suppliers/{supplier.pk}/").content.decode()  # its history
    reader = _client(client, make_user, Role.PRINCIPAL)
    page = reader.get(f"/suppliers/{supplier.pk}/").content.decode()
    assert "****9931" in page and MASKED in page
    assert "0100" not in page
