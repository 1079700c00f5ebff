"""Goods acceptance: the rules of issue 11 point 3, refusals (nothing half-saved) and retention."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from canteen.models import CanteenSettings, Delivery, DeliveryDocument, DeliveryLine
from canteen.models.acceptance import add_months, keep_until
from canteen.services import acceptance as services
from core.choices import Role
from core.models import PermanentRecordError
from core.services import record_archive
from tests.canteen.factories_acceptance import (
    cook,
    delivery_of,
    line,
    pdf_upload,
    photo_upload,
    supplier_of,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _counts():
    return (
        Delivery.objects.count(),
        DeliveryLine.objects.count(),
        DeliveryDocument.objects.count(),
    )


def _record(school, acceptor, second=None, lines=None, **kwargs):
    return services.delivery_record(
        actor=acceptor,
        date=kwargs.pop("date", TODAY),
        supplier=kwargs.pop("supplier", None) or supplier_of(school),
        acceptor=acceptor,
        second_acceptor=second,
        lines=lines or [line()],
        **kwargs,
    )


def _refusal(school, acceptor, **kwargs) -> dict[str, list[str]]:
    before = _counts()
    with pytest.raises(ValidationError) as caught:
        _record(school, acceptor, **kwargs)
    assert _counts() == before  # nothing half-saved
    return caught.value.message_dict


RICE = {
    "product": "大米",
    "category": "rice",
    "quantity": Decimal("100"),
    "unit_price": Decimal("5.20"),
    "shelf_life_days": 365,
}


class TestTwoAcceptorsForBulkFood:
    def test_the_same_acceptor_twice_is_refused(self, school):
        person = cook(school)
        errors = _refusal(
            school,
            person,
            second=person,
            lines=[line(**RICE)],
            documents=[services.DocumentInput("certificate", photo_upload())],
        )
        assert "两个不同的人" in errors["second_acceptor"][0]

    def test_one_acceptor_is_refused_for_rice(self, school):
        errors = _refusal(school, cook(school), lines=[line(**RICE)])
        assert "大宗食材" in errors["second_acceptor"][0]

    def test_a_bulk_food_supplier_needs_two_even_for_vegetables(self, school):
        supplier = supplier_of(school, is_bulk_food=True)
        errors = _refusal(school, cook(school), supplier=supplier)
        assert "second_acceptor" in errors

    def test_two_different_acceptors_record_it(self, school):
        delivery = _record(school, cook(school), second=cook(school), lines=[line(**RICE)])
        assert delivery.is_bulk and delivery.lines.get().amount == Decimal("520.00")

    def test_vegetables_from_an_ordinary_supplier_need_one(self, school):
        delivery = _record(school, cook(school))
        assert not delivery.is_bulk and delivery.second_acceptor is None

    def test_the_database_refuses_it_too(self, school):
        delivery = _record(school, cook(school), second=cook(school), lines=[line(**RICE)])
        with pytest.raises(IntegrityError), transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk).update(second_acceptor=delivery.acceptor)
        with pytest.raises(IntegrityError), transaction.atomic():
            Delivery.objects.filter(pk=delivery.pk).update(second_acceptor=None)


class TestShelfLife:
    def test_expired_goods_accepted_are_refused_and_nothing_is_saved(self, school):
        milk = line(
            product="牛奶",
            category="milk",
            production_date=TODAY - dt.timedelta(days=8),
            shelf_life_days=7,
        )
        errors = _refusal(
            school,
            cook(school),
            second=cook(school),
            lines=[line(), milk],
            documents=[services.DocumentInput("invoice", pdf_upload())],
        )
        expired = (TODAY - dt.timedelta(days=1)).isoformat()
        assert errors["lines"] == [
            f"第 2 行（牛奶）：已于 {expired} 过期：不能验收合格，请记录为拒收"
        ]

    def test_goods_past_the_schools_share_of_their_shelf_life_are_refused(self, school):
        old = line(production_date=TODAY - dt.timedelta(days=6), shelf_life_days=10)  # 60 % > 50 %
        errors = _refusal(school, cook(school), lines=[old])
        assert "60%" in errors["lines"][0] and "50%" in errors["lines"][0]
        CanteenSettings.objects.update_or_create(
            school=school, defaults={"shelf_life_max_share": Decimal("0.70")}
        )
        assert _record(school, cook(school), lines=[old]).lines.count() == 1

    def test_expired_goods_are_recorded_as_refused_with_what_became_of_them(self, school):
        expired = line(
            production_date=TODAY - dt.timedelta(days=10),
            shelf_life_days=5,
            result="refused",
            refusal_reason="已过期",
            refused_action="returned",
        )
        delivery = _record(school, cook(school), lines=[expired])
        saved = delivery.lines.get()
        assert (saved.result, saved.refused_action, saved.expiry_date) == (
            "refused",
            "returned",
            TODAY - dt.timedelta(days=5),
        )

    def test_a_refusal_says_why_and_what_happened(self, school):
        errors = _refusal(school, cook(school), lines=[line(result="refused")])
        assert "拒收原因" in errors["lines"][0]

    def test_goods_that_failed_the_sensory_check_cannot_be_accepted(self, school):
        errors = _refusal(school, cook(school), lines=[line(sensory_ok=False)])
        assert "感官" in errors["lines"][0]

    def test_a_production_date_after_the_delivery_is_refused(self, school):
        errors = _refusal(
            school, cook(school), lines=[line(production_date=TODAY + dt.timedelta(days=1))]
        )
        assert "lines" in errors

    def test_no_product_is_refused(self, school):
        with pytest.raises(ValidationError) as caught:
            services.delivery_record(
                actor=(c := cook(school)),
                date=TODAY,
                supplier=supplier_of(school),
                acceptor=c,
                lines=[],
            )
        assert "lines" in caught.value.message_dict


class TestMoney:
    def test_amounts_are_decimals_rounded_half_up(self, school):
        delivery = _record(
            school, cook(school), lines=[line(quantity=Decimal("2.5"), unit_price=Decimal("3.33"))]
        )
        amount = DeliveryLine.objects.get(delivery=delivery).amount
        assert amount == Decimal("8.33") and isinstance(amount, Decimal)


class TestDocuments:
    def test_photos_are_cleaned_and_pdfs_kept(self, school):
        delivery = _record(
            school,
            cook(school),
            documents=[
                services.DocumentInput("certificate", photo_upload()),
                services.DocumentInput("invoice", pdf_upload()),
            ],
        )
        photo, pdf = delivery.documents.order_by("kind")
        assert (
            photo.photo
            and not photo.file
            and photo.get_absolute_url().startswith("/files/canteen.deliverydocument/")
        )
        assert pdf.file and not pdf.photo

    def test_a_fake_pdf_refuses_the_whole_delivery(self, school):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("invoice.pdf", b"<?php echo 1; ?>")
        errors = _refusal(school, cook(school), documents=[services.DocumentInput("invoice", fake)])
        assert "documents" in errors

    def test_a_pdf_is_served_only_to_readers_of_its_school(self, client, school, make_user):
        delivery = _record(
            school, cook(school), documents=[services.DocumentInput("invoice", pdf_upload())]
        )
        document = delivery.documents.get()
        client.force_login(make_user(Role.DIRECTOR))
        assert client.get(document.get_absolute_url()).status_code == 200
        client.force_login(make_user(Role.TEACHER))
        assert client.get(document.get_absolute_url()).status_code == 403
        from tests.factories import SchoolFactory

        client.force_login(make_user(Role.DIRECTOR, school_=SchoolFactory()))
        assert client.get(document.get_absolute_url()).status_code == 404


class TestRetention:
    def test_kept_six_months_past_the_shelf_life_and_never_under_two_years(self):
        day = dt.date(2026, 3, 31)
        assert keep_until(delivered=day, expiries=[day + dt.timedelta(days=3)]) == dt.date(
            2028, 3, 31
        )
        assert keep_until(delivered=day, expiries=[dt.date(2028, 1, 31)]) == dt.date(2028, 7, 31)
        assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)

    def test_archiving_too_early_is_refused_by_the_service_and_the_model(self, school):
        delivery = delivery_of(school)
        actor = cook(school)
        with pytest.raises(ValidationError, match=delivery.keep_until.isoformat()):
            services.delivery_archive(delivery=delivery, actor=actor)
        with pytest.raises(ValidationError):
            record_archive(record=delivery, actor=actor)  # the generic archive path
        assert Delivery.objects.get(pk=delivery.pk).archived_at is None

    def test_once_the_time_is_over_it_may_be_archived(self, school):
        delivery = delivery_of(
            school,
            date=TODAY - dt.timedelta(days=800),
            lines=[line(production_date=TODAY - dt.timedelta(days=800))],
        )
        services.delivery_archive(delivery=delivery, actor=cook(school))
        assert Delivery.objects.get(pk=delivery.pk).archived_at is not None

    def test_never_deleted(self, school):
        delivery = delivery_of(school)
        for doomed in (delivery, delivery.lines.get()):
            with pytest.raises(PermanentRecordError):
                doomed.delete()
        with pytest.raises(PermanentRecordError):
            Delivery.objects.all().delete()

    def test_the_archive_page_and_the_api_refuse_with_the_date(self, client, school, make_user):
        delivery = delivery_of(school)
        manager = make_user(Role.CANTEEN_MANAGER)
        client.force_login(manager)
        response = client.post(f"/canteen/deliveries/{delivery.pk}/archive/")
        assert response.status_code == 400
        assert delivery.keep_until.isoformat() in response.content.decode()
        api = APIClient()
        api.force_authenticate(manager)
        answer = api.delete(f"/api/v1/canteen/deliveries/{delivery.pk}/")
        assert (
            answer.status_code == 400 and delivery.keep_until.isoformat() in answer.json()["detail"]
        )
        assert Delivery.objects.get(pk=delivery.pk).archived_at is None


class TestApi:
    def _body(self, school, first, second):
        return {
            "date": TODAY.isoformat(),
            "supplier": supplier_of(school).pk,
            "acceptor": first.pk,
            "second_acceptor": second.pk,
            "lines": [
                {
                    "product": "鸡蛋",
                    "category": "eggs",
                    "quantity": "30",
                    "unit": "kg",
                    "unit_price": "9.80",
                    "production_date": TODAY.isoformat(),
                    "shelf_life_days": 30,
                    "result": "accepted",
                },
            ],
        }

    def test_the_same_acceptor_twice_is_a_400_in_chinese(self, school):
        person = cook(school)
        api = APIClient()
        api.force_authenticate(person)
        before = _counts()
        answer = api.post(
            "/api/v1/canteen/deliveries/", self._body(school, person, person), format="json"
        )
        assert answer.status_code == 400, answer.json()
        assert "两个不同的人" in str(answer.json()["fields"]["second_acceptor"])
        assert _counts() == before

    def test_a_delivery_with_two_acceptors_is_created_with_its_amounts(self, school):
        person = cook(school)
        api = APIClient()
        api.force_authenticate(person)
        answer = api.post(
            "/api/v1/canteen/deliveries/", self._body(school, person, cook(school)), format="json"
        )
        assert answer.status_code == 201, answer.json()
        assert answer.json()["lines"][0]["amount"] == "294.00"
        attached = api.post(
            f"/api/v1/canteen/deliveries/{answer.json()['id']}/documents/",
            {"kind": "certificate", "file": photo_upload()},
            format="multipart",
        )
        assert attached.status_code == 201 and len(attached.json()["documents"]) == 1

    def test_the_ledger_filters_as_the_list(self, school):
        delivery_of(
            school,
            lines=[
                line(),
                line(
                    product="过期豆腐",
                    production_date=TODAY - dt.timedelta(days=9),
                    shelf_life_days=3,
                    result="refused",
                    refusal_reason="过期",
                    refused_action="destroyed",
                ),
            ],
        )
        api = APIClient()
        api.force_authenticate(cook(school))
        rows = api.get("/api/v1/canteen/ledger/", {"result": "refused"}).json()["results"]
        assert [row["product"] for row in rows] == ["过期豆腐"]
