"""The acceptance pages as a person uses them: the home to-do, the form's refusals, the lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from canteen.models import Delivery
from core.choices import Role
from tests.canteen.factories_acceptance import cook, delivery_of, line, supplier_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _count(page: str, key: str) -> str:
    marker = f'data-testid="todo-count-{key}">'
    return page.split(marker, 1)[1].split("<", 1)[0]


def test_the_home_to_do_counts_todays_deliveries_and_due_licences_with_their_lists(client, school):
    delivery_of(school)
    delivery_of(school)
    yesterday = TODAY - dt.timedelta(days=1)
    delivery_of(school, date=yesterday, lines=[line(production_date=yesterday)])
    supplier_of(school, licence_expiry=TODAY + dt.timedelta(days=5))
    manager = UserFactory(school=school, roles=[Role.CANTEEN_MANAGER])
    client.force_login(manager)
    page = client.get(reverse("core:home")).content.decode()
    assert _count(page, "canteen.deliveries_today") == "2"
    assert _count(page, "canteen.licences_due") == "1"
    today = client.get(reverse("canteen:delivery_list") + "?today=true")
    assert len(today.context["rows"]) == 2
    due = client.get(reverse("core:supplier_list") + "?licence_due=true")
    assert len(due.context["rows"]) == 1


def _post(client, supplier, acceptor, **line_fields):
    data = {
        "date": TODAY.isoformat(),
        "supplier": supplier.pk,
        "acceptor": acceptor.pk,
        "second_acceptor": "",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "40",
    }
    for n in (0, 1, 2):  # untouched cards as the browser posts them
        data.update(
            {
                f"lines-{n}-unit": "kg",
                f"lines-{n}-sensory_ok": "on",
                f"lines-{n}-result": "accepted",
            }
        )
    data.update({f"lines-0-{key}": value for key, value in line_fields.items()})
    return client.post(reverse("canteen:delivery_add"), data)


def test_the_form_refuses_expired_goods_with_the_reason_and_saves_nothing(client, school):
    person = cook(school)
    client.force_login(person)
    supplier = supplier_of(school)
    old = TODAY - dt.timedelta(days=20)
    response = _post(
        client,
        supplier,
        person,
        product="酸奶",
        category="other",
        quantity="10",
        unit_price="3.00",
        production_date=old.isoformat(),
        shelf_life_days="14",
    )
    assert response.status_code == 400
    assert "第 1 行（酸奶）：已于" in response.content.decode()
    assert not Delivery.objects.filter(supplier=supplier).exists()
    fine = _post(
        client,
        supplier,
        person,
        product="酸奶",
        category="other",
        quantity="10",
        unit_price="3.00",
        production_date=TODAY.isoformat(),
        shelf_life_days="14",
    )
    assert fine.status_code == 302
    assert Delivery.objects.get(supplier=supplier).lines.get().amount == Decimal("30.00")


def test_the_form_refuses_an_empty_delivery(client, school):
    person = cook(school)
    client.force_login(person)
    response = _post(client, supplier_of(school), person)
    assert response.status_code == 400 and "请至少填写一种货物" in response.content.decode()


def test_a_search_does_not_multiply_the_lists_sums(client, school):
    delivery_of(school, lines=[line(product="青菜"), line(product="青菜苗"), line(product="白菜")])
    client.force_login(UserFactory(school=school, roles=[Role.DIRECTOR]))
    rows = client.get(reverse("canteen:delivery_list"), {"q": "青菜"}).context["rows"]
    assert [values[-1] for _pk, values in rows] == [Decimal("210.00")]  # 3 × 70.00, not 6 ×


def test_the_district_viewer_and_teachers_never_see_the_form(client, school):
    client.force_login(UserFactory(school=school, roles=[Role.TEACHER]))
    assert client.get(reverse("canteen:delivery_add")).status_code == 403
    assert client.get(reverse("canteen:month_costs")).status_code == 403


def test_the_admin_reads_deliveries_and_sends_add_to_the_service_page(client, school):
    delivery = delivery_of(school)
    client.force_login(UserFactory(school=school, roles=[Role.ADMIN], is_staff=True))
    assert client.get("/admin/canteen/delivery/").status_code == 200
    assert client.get(f"/admin/canteen/delivery/{delivery.pk}/change/").status_code == 200
    added = client.get("/admin/canteen/delivery/add/")
    assert added.status_code == 302 and added["Location"] == reverse("canteen:delivery_add")
    assert client.get("/admin/canteen/costdisclosure/").status_code == 200


def test_a_certificate_that_came_later_is_attached_on_the_deliverys_page(client, school):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.canteen.factories_acceptance import photo_upload

    delivery = delivery_of(school)
    manager = UserFactory(school=school, roles=[Role.CANTEEN_MANAGER])
    client.force_login(manager)
    page = client.get(delivery.get_absolute_url()).content.decode()
    assert 'data-testid="attach-form"' in page
    attach = reverse("canteen:delivery_attach", args=[delivery.pk])
    fake = SimpleUploadedFile("invoice.pdf", b"<?php echo 1; ?>")
    refused = client.post(attach, {"kind": "invoice", "file": fake})
    assert refused.status_code == 400 and not delivery.documents.exists()
    response = client.post(attach, {"kind": "certificate", "file": photo_upload()}, follow=True)
    assert response.status_code == 200
    (document,) = delivery.documents.all()
    assert document.kind == "certificate" and document.photo
    assert document.photo.url in response.content.decode()
    # Whoever may only read deliveries (the principal) gets no form and may not post one.
    reader = UserFactory(school=school, roles=[Role.PRINCIPAL])
    client.force_login(reader)
    assert (
        'data-testid="attach-form"' not in client.get(delivery.get_absolute_url()).content.decode()
    )
    assert client.post(attach, {"kind": "certificate", "file": photo_upload()}).status_code == 403
