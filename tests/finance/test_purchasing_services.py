"""Quotes and the order (issue 12, point 5 and the order of point 6): every rule and every
refusal of finance.services.purchasing, with nothing half-saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.choices import Role
from core.models import Notification
from core.workflow import TransitionRefused
from finance.choices import ProcurementMethod, RequestStatus
from finance.models import FinanceSettings, PurchaseOrder, Quote
from finance.services.purchasing import order_place, quote_add, quote_remove
from tests.factories import SchoolFactory, UserFactory
from tests.finance.factories import office, supplier_of
from tests.finance.factories_purchasing import approved_request, quote_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    school = SchoolFactory()
    people = office(school)
    request = approved_request(school, requester=people["teacher"], price="3000.00")
    return school, people, request


def _three(request, amounts=("2950.00", "2800.00", "3100.00")):
    return [quote_of(request, amount) for amount in amounts]


def _unchanged(request, status=RequestStatus.APPROVED):
    request.refresh_from_db()
    assert request.status == status
    assert not PurchaseOrder.objects.filter(request=request).exists()


# ---- quotes ----


def test_a_purchaser_records_a_quote_and_the_request_history_names_it(setup):
    school, people, request = setup
    supplier = supplier_of(school, name="华东办公设备")
    quote = quote_add(
        request=request, actor=people["logistics"], supplier=supplier, amount=Decimal("2980.50")
    )
    assert (quote.school_id, quote.amount, quote.recorded_by) == (
        school.pk,
        Decimal("2980.50"),
        people["logistics"],
    )
    events = LogEntry.objects.get_for_object(request).values_list("additional_data", flat=True)
    assert any(e and e.get("event") == "purchase_quoted" for e in events)
    # The director records quotes too.
    quote_add(
        request=request, actor=people["director"], supplier=supplier_of(school), amount=Decimal("1")
    )
    assert request.quotes.count() == 2


@pytest.mark.parametrize(
    ("amount", "code"),
    [("0", "zero_amount"), ("-5.00", "zero_amount"), ("12.345", "decimals"), ("1e11", "too_large")],
)
def test_a_bad_amount_is_refused_and_nothing_is_saved(setup, amount, code):
    school, people, request = setup
    with pytest.raises(ValidationError) as refused:
        quote_add(
            request=request,
            actor=people["logistics"],
            supplier=supplier_of(school),
            amount=Decimal(amount),
        )
    assert refused.value.error_dict["amount"][0].code == code
    assert not Quote.objects.filter(request=request).exists()


def test_a_blacklisted_supplier_cannot_quote_and_the_message_says_why(setup):
    school, people, request = setup
    banned = supplier_of(school, name="劣质商贸", is_blacklisted=True, blacklist_reason="以次充好")
    with pytest.raises(ValidationError) as refused:
        quote_add(request=request, actor=people["logistics"], supplier=banned, amount=Decimal("9"))
    message = refused.value.message_dict["supplier"][0]
    assert "劣质商贸" in message and "以次充好" in message and "黑名单" in message
    assert not Quote.objects.exists()


def test_another_schools_or_an_archived_supplier_is_refused(setup):
    school, people, request = setup
    foreign = supplier_of(SchoolFactory())
    archived = supplier_of(school)
    archived.archived_at = timezone.now()
    archived.save(update_fields=["archived_at"])
    for supplier in (foreign, archived):
        with pytest.raises(ValidationError) as refused:
            quote_add(
                request=request, actor=people["logistics"], supplier=supplier, amount=Decimal("9")
            )
        assert "本校的供应商" in refused.value.message_dict["supplier"][0]
    assert not Quote.objects.exists()


def test_one_quote_per_supplier_in_the_service_and_in_the_database(setup):
    school, people, request = setup
    supplier = supplier_of(school, name="一家")
    quote_add(request=request, actor=people["logistics"], supplier=supplier, amount=Decimal("10"))
    with pytest.raises(ValidationError) as refused:
        quote_add(
            request=request, actor=people["logistics"], supplier=supplier, amount=Decimal("9")
        )
    assert refused.value.error_dict["supplier"][0].code == "second_quote"
    with pytest.raises(IntegrityError), transaction.atomic():
        quote_of(request, "8", supplier)
    assert request.quotes.count() == 1


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PRINCIPAL, Role.ADMIN])
def test_only_the_purchasers_record_quotes(setup, role):
    school, people, request = setup
    user = people["teacher"] if role == Role.TEACHER else UserFactory(school=school, roles=[role])
    with pytest.raises(TransitionRefused) as refused:
        quote_add(request=request, actor=user, supplier=supplier_of(school), amount=Decimal("9"))
    assert refused.value.status_code == 403
    assert "后勤" in refused.value.messages[0]
    assert not Quote.objects.exists()


def test_another_schools_purchaser_finds_no_request(setup):
    _school, _people, request = setup
    stranger = office(SchoolFactory())["logistics"]
    with pytest.raises(TransitionRefused) as refused:
        quote_add(
            request=request,
            actor=stranger,
            supplier=supplier_of(stranger.school),
            amount=Decimal("9"),
        )
    assert refused.value.status_code == 404


@pytest.mark.parametrize(
    "status", [RequestStatus.DRAFT, RequestStatus.PENDING, RequestStatus.ORDERED]
)
def test_quotes_are_recorded_only_while_approved_and_not_ordered(setup, status):
    school, people, request = setup
    request.status = status
    request.save(update_fields=["status"])
    with pytest.raises(TransitionRefused) as refused:
        quote_add(
            request=request,
            actor=people["logistics"],
            supplier=supplier_of(school),
            amount=Decimal("9"),
        )
    assert refused.value.status_code == 409
    assert "已批准" in refused.value.messages[0]
    assert not Quote.objects.exists()


def test_a_quote_is_removed_while_open_and_not_after_the_order(setup):
    _school, people, request = setup
    first, *_rest = _three(request)
    quote_remove(quote=first, actor=people["logistics"])
    assert request.quotes.count() == 2
    with pytest.raises(TransitionRefused):
        quote_remove(quote=request.quotes.first(), actor=people["teacher"])
    request.status = RequestStatus.ORDERED
    request.save(update_fields=["status"])
    with pytest.raises(TransitionRefused) as refused:
        quote_remove(quote=request.quotes.first(), actor=people["logistics"])
    assert refused.value.status_code == 409
    assert request.quotes.count() == 2


# ---- the order ----


def test_the_order_takes_the_chosen_quotes_supplier_and_amount(setup):
    _school, people, request = setup
    _high, low, _other = _three(request)
    order = order_place(request=request, actor=people["logistics"], quote=low)
    request.refresh_from_db()
    assert request.status == RequestStatus.ORDERED
    assert (order.supplier, order.amount, order.quote, order.choice_reason) == (
        low.supplier,
        Decimal("2800.00"),
        low,
        "",
    )
    today = timezone.localdate()
    assert order.number == f"DD-{today:%Y%m%d}-0001"
    assert order.ordered_by == people["logistics"]
    told = Notification.objects.get(recipient=people["teacher"])
    assert order.number in told.body and f"/finance/purchasing/requests/{request.pk}/" == told.url
    events = LogEntry.objects.get_for_object(request).values_list("additional_data", flat=True)
    assert any(e and e.get("event") == "purchase_ordered" for e in events)


def test_a_quote_that_is_not_the_lowest_needs_a_reason(setup):
    _school, people, request = setup
    middle, low, _high = _three(request)
    with pytest.raises(ValidationError) as refused:
        order_place(request=request, actor=people["logistics"], quote=middle, reason="  ")
    message = refused.value.message_dict["reason"][0]
    assert "2950.00" in message and "2800.00" in message and low.supplier.name in message
    _unchanged(request)
    order = order_place(
        request=request, actor=people["logistics"], quote=middle, reason="交货期短，售后在本区"
    )
    assert (order.amount, order.choice_reason) == (Decimal("2950.00"), "交货期短，售后在本区")


def test_a_reason_given_for_the_lowest_quote_is_not_kept(setup):
    _school, people, request = setup
    _middle, low, _high = _three(request)
    order = order_place(request=request, actor=people["logistics"], quote=low, reason="随便")
    assert order.choice_reason == ""


def test_too_few_quotes_refuse_the_order(setup):
    _school, people, request = setup
    first, _second = [quote_of(request, a) for a in ("2900", "3000")]
    with pytest.raises(ValidationError) as refused:
        order_place(request=request, actor=people["logistics"], quote=first)
    assert refused.value.error_dict["quote"][0].code == "too_few_quotes"
    assert "3" in refused.value.messages[0] and "2" in refused.value.messages[0]
    _unchanged(request)


def test_the_schools_own_quote_rule_applies(setup):
    school, people, request = setup
    rules = FinanceSettings.of(school.pk)
    rules.quotes_required = 2
    rules.save()
    first, _second = [quote_of(request, a) for a in ("2900", "3000")]
    assert order_place(request=request, actor=people["logistics"], quote=first).amount == 2900


def test_a_blacklisted_suppliers_quote_neither_counts_nor_can_be_chosen(setup):
    _school, people, request = setup
    _first, second, third = _three(request)
    third.supplier.is_blacklisted = True
    third.supplier.save(update_fields=["is_blacklisted"])
    with pytest.raises(ValidationError) as refused:
        order_place(request=request, actor=people["logistics"], quote=third)
    assert "黑名单" in refused.value.messages[0]
    with pytest.raises(ValidationError) as too_few:
        order_place(request=request, actor=people["logistics"], quote=second)
    assert too_few.value.error_dict["quote"][0].code == "too_few_quotes"
    _unchanged(request)


def test_another_requests_quote_cannot_be_chosen(setup):
    school, people, request = setup
    _three(request)
    other = approved_request(school, requester=people["teacher"])
    foreign = quote_of(other, "100")
    with pytest.raises(ValidationError) as refused:
        order_place(request=request, actor=people["logistics"], quote=foreign)
    assert "quote" in refused.value.message_dict
    _unchanged(request)


@pytest.mark.parametrize("status", [RequestStatus.PENDING, RequestStatus.DRAFT])
def test_a_request_not_approved_is_not_ordered(setup, status):
    _school, people, request = setup
    low = _three(request)[1]
    request.status = status
    request.save(update_fields=["status"])
    with pytest.raises(TransitionRefused) as refused:
        order_place(request=request, actor=people["logistics"], quote=low)
    assert refused.value.status_code == 409
    _unchanged(request, status)


def test_an_order_is_placed_once(setup):
    _school, people, request = setup
    low = _three(request)[1]
    order_place(request=request, actor=people["logistics"], quote=low)
    with pytest.raises(TransitionRefused) as refused:
        order_place(request=request, actor=people["director"], quote=low)
    assert refused.value.status_code == 409
    assert PurchaseOrder.objects.filter(request=request).count() == 1


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PRINCIPAL, Role.ADMIN])
def test_only_the_purchasers_place_orders(setup, role):
    school, people, request = setup
    low = _three(request)[1]
    user = people["teacher"] if role == Role.TEACHER else UserFactory(school=school, roles=[role])
    with pytest.raises(TransitionRefused) as refused:
        order_place(request=request, actor=user, quote=low)
    assert refused.value.status_code == 403
    _unchanged(request)


def test_a_request_needing_public_procurement_takes_no_simple_path(setup):
    school, people, request = setup
    low = _three(request)[1]
    request.needs_public_procurement = True
    request.save(update_fields=["needs_public_procurement"])
    with pytest.raises(TransitionRefused) as refused:
        order_place(request=request, actor=people["logistics"], quote=low)
    assert refused.value.status_code == 409 and refused.value.code == "public_procurement"
    assert "公开采购" in refused.value.messages[0] or "政府采购" in refused.value.messages[0]
    with pytest.raises(TransitionRefused):
        quote_add(
            request=request,
            actor=people["logistics"],
            supplier=supplier_of(school),
            amount=Decimal("100"),
        )
    _unchanged(request)


def test_the_public_method_or_an_amount_past_the_threshold_also_closes_it(setup):
    school, people, request = setup
    low = _three(request)[1]
    request.method = ProcurementMethod.PUBLIC
    request.save(update_fields=["method"])
    with pytest.raises(TransitionRefused):
        order_place(request=request, actor=people["logistics"], quote=low)
    big = approved_request(school, requester=people["teacher"], price="250000.00")
    with pytest.raises(TransitionRefused) as refused:
        quote_add(
            request=big,
            actor=people["logistics"],
            supplier=supplier_of(school),
            amount=Decimal("249000"),
        )
    assert refused.value.code == "public_procurement"


def test_below_the_threshold_an_order_is_placed_directly(setup):
    school, people, _request = setup
    small = approved_request(school, requester=people["teacher"], price="800.00")
    supplier = supplier_of(school)
    order = order_place(
        request=small, actor=people["logistics"], supplier=supplier, amount=Decimal("780.00")
    )
    assert (order.supplier, order.amount, order.quote) == (supplier, Decimal("780.00"), None)


def test_a_direct_order_is_checked_like_a_quote(setup):
    school, people, _request = setup
    small = approved_request(school, requester=people["teacher"], price="800.00")
    banned = supplier_of(school, is_blacklisted=True)
    fine = supplier_of(school)
    cases = [
        ({"supplier": banned, "amount": Decimal("700")}, "supplier"),
        ({"supplier": supplier_of(SchoolFactory()), "amount": Decimal("700")}, "supplier"),
        ({"supplier": fine, "amount": Decimal("700.001")}, "amount"),
        ({"supplier": fine, "amount": Decimal("0")}, "amount"),
        ({"supplier": None, "amount": Decimal("700")}, "quote"),
        # An order amount that reaches the quote threshold needs the quotes after all.
        ({"supplier": fine, "amount": Decimal("1200")}, "quote"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as refused:
            order_place(request=small, actor=people["logistics"], **kwargs)
        assert field in refused.value.message_dict, kwargs
    _unchanged(small)


def test_order_numbers_count_per_school():
    numbers = []
    for school in (SchoolFactory(), SchoolFactory()):
        people = office(school)
        for _ in range(2):
            request = approved_request(school, requester=people["teacher"], price="500.00")
            order = order_place(
                request=request,
                actor=people["logistics"],
                supplier=supplier_of(school),
                amount=Decimal("500.00"),
            )
            numbers.append(order.number[-4:])
    assert numbers == ["0001", "0002", "0001", "0002"]
