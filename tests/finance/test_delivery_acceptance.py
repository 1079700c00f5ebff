"""Acceptance (验收 → 入库): two people, neither the requester; quantities within what remains;
the invoice; accepted lines become asset cards or stock through the assets services; the
request is accepted once every item is in; every refusal keeps nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from assets.choices import FundingSource
from assets.models import Asset, AssetMovement, AssetSettings, StockSlip
from core.workflow import TransitionRefused
from finance.choices import RequestStatus
from finance.models import Acceptance, AcceptanceLine
from finance.services.delivery import LineInput, acceptance_record
from tests.factories import SchoolFactory
from tests.finance.factories import office
from tests.finance.factories_delivery import consumable, ordered

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    school = SchoolFactory()
    people = office(school)
    return school, people


def _accept(request, people, quantities, *, actor="acceptor2", second="acceptor1", **kwargs):
    items = list(request.items.order_by("position"))
    lines = [LineInput(item, Decimal(q)) for item, q in zip(items, quantities, strict=True) if q]
    return acceptance_record(
        request=request,
        actor=people[actor],
        second_acceptor=people[second] if second else None,
        lines=lines,
        invoice_number=kwargs.pop("invoice_number", "No.0012345"),
        **kwargs,
    )


def _nothing_kept(school, request, cards_before=0):
    assert Acceptance.objects.filter(order__request=request).count() == 0
    assert AcceptanceLine.objects.count() == 0
    assert Asset.objects.filter(school=school).count() == cards_before
    request.refresh_from_db()
    assert request.status == RequestStatus.ORDERED


def test_a_full_acceptance_makes_one_card_per_fixed_asset_with_its_purchase_facts(setup):
    school, people = setup
    request = ordered(school, people, items=[("办公电脑", "2", "4800.00")])
    acceptance = _accept(request, people, ["2"])
    cards = list(Asset.objects.filter(school=school).order_by("code"))
    assert len(cards) == 2  # 一物一卡
    supplier = request.order.supplier.name
    for card in cards:
        assert card.is_fixed_asset and card.quantity == 1
        assert card.unit_price == Decimal("4800.00")
        assert card.supplier == supplier
        assert card.purchase_date == acceptance.accepted_on
        assert card.funding_source == FundingSource.BUDGET
        assert card.category.code == "2101"
        assert request.number in card.notes
        assert AssetMovement.objects.filter(asset=card, kind="stock_in").count() == 1
    line = acceptance.lines.get()
    assert set(line.assets.all()) == set(cards)
    assert acceptance.invoice_amount == Decimal("9600.00")
    assert (acceptance.first_acceptor, acceptance.second_acceptor) == (
        people["acceptor2"],
        people["acceptor1"],
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED


def test_below_the_threshold_a_batch_is_one_card_that_is_not_a_fixed_asset(setup):
    school, people = setup
    request = ordered(school, people, items=[("台灯", "5", "120.00")])
    _accept(request, people, ["5"])
    card = Asset.objects.get(school=school)
    assert card.quantity == 5 and not card.is_fixed_asset
    # The school's threshold decides: lowered to 100 yuan, the same lamps are fixed assets.
    AssetSettings.objects.filter(school=school).update(capitalisation_threshold=Decimal("100"))
    again = ordered(school, people, items=[("台灯", "3", "120.00")])
    _accept(again, people, ["3"])
    assert Asset.objects.filter(school=school, is_fixed_asset=True).count() == 3


def test_a_consumable_line_goes_into_stock_on_one_slip(setup):
    school, people = setup
    request = ordered(
        school,
        people,
        items=[("A4复印纸", "30", "25.00"), ("投影仪", "1", "3200.00")],
        kinds=["stock", "asset"],
    )
    paper = consumable(school, name="A4复印纸")
    before = paper.quantity_on_hand
    acceptance = _accept(request, people, ["30", "1"])
    paper.refresh_from_db()
    assert paper.quantity_on_hand == before + 30
    stock_line = acceptance.lines.get(item__consumable=paper)
    slip = stock_line.stock_slip
    assert slip is not None and slip.kind == "in"
    assert slip.lines.get().unit_price == Decimal("25.00")
    assert StockSlip.objects.filter(school=school).count() == 1
    assert acceptance.lines.get(item__name="投影仪").assets.count() == 1


def test_partial_deliveries_until_everything_is_received(setup):
    school, people = setup
    request = ordered(school, people, items=[("办公电脑", "3", "4800.00")])
    _accept(request, people, ["1"], invoice_number="A-1")
    request.refresh_from_db()
    assert request.status == RequestStatus.ORDERED  # still waiting for two
    with pytest.raises(ValidationError) as refused:
        _accept(request, people, ["3"], invoice_number="A-2")
    assert "2" in refused.value.messages[0] and refused.value.error_dict["lines"][0].code == (
        "over_received"
    )
    _accept(request, people, ["2"], invoice_number="A-3")
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert Asset.objects.filter(school=school).count() == 3
    # Accepted: a further acceptance is not possible now (409).
    with pytest.raises(TransitionRefused) as late:
        _accept(request, people, ["1"], invoice_number="A-4")
    assert late.value.status_code == 409


def test_more_than_ordered_is_refused_and_nothing_is_kept(setup):
    school, people = setup
    request = ordered(school, people, items=[("办公电脑", "2", "4800.00")])
    with pytest.raises(ValidationError) as refused:
        _accept(request, people, ["3"])
    assert "2" in refused.value.messages[0]
    _nothing_kept(school, request)


@pytest.mark.parametrize("quantity", ["0", "-1", "1.005"])
def test_zero_negative_or_three_decimal_quantities_are_refused(setup, quantity):
    school, people = setup
    request = ordered(school, people, items=[("A4复印纸", "10", "25.00")], kinds=["stock"])
    item = request.items.get()
    with pytest.raises(ValidationError):
        acceptance_record(
            request=request,
            actor=people["acceptor2"],
            second_acceptor=people["acceptor1"],
            lines=[LineInput(item, Decimal(quantity))],
            invoice_number="X",
        )
    _nothing_kept(school, request)


def test_asset_lines_take_whole_units(setup):
    school, people = setup
    request = ordered(school, people, items=[("办公电脑", "2", "4800.00")])
    with pytest.raises(ValidationError) as refused:
        _accept(request, people, ["1.5"])
    assert "办公电脑" in refused.value.messages[0]
    _nothing_kept(school, request)


def test_the_requester_cannot_accept_nor_be_the_second_acceptor(setup):
    school, people = setup
    request = ordered(school, people)
    with pytest.raises(TransitionRefused) as own:
        _accept(request, people, ["2"], actor="teacher")
    # The teacher sees their own request: the guard answers (403), not "not found".
    assert own.value.status_code == 403 and own.value.code == "own_request"
    with pytest.raises(ValidationError) as second:
        _accept(request, people, ["2"], second="teacher")
    assert second.value.error_dict["second_acceptor"][0].code == "requester_accepts"
    _nothing_kept(school, request)


def test_one_person_cannot_be_both_acceptors(setup):
    school, people = setup
    request = ordered(school, people)
    with pytest.raises(ValidationError) as refused:
        _accept(request, people, ["2"], second="acceptor2")
    assert refused.value.error_dict["second_acceptor"][0].code == "one_acceptor"
    with pytest.raises(ValidationError):
        _accept(request, people, ["2"], second=None)
    _nothing_kept(school, request)


def test_a_second_acceptor_of_another_school_is_refused(setup):
    school, people = setup
    request = ordered(school, people)
    stranger = office(SchoolFactory())["acceptor1"]
    with pytest.raises(ValidationError):
        acceptance_record(
            request=request,
            actor=people["acceptor2"],
            second_acceptor=stranger,
            lines=[LineInput(request.items.get(), Decimal("2"))],
            invoice_number="X",
        )
    _nothing_kept(school, request)


def test_the_database_refuses_the_requester_and_one_person_twice(setup):
    school, people = setup
    request = ordered(school, people)
    order = request.order
    base = {"school": school, "order": order, "requester": people["teacher"], "invoice_amount": 1}
    with pytest.raises(IntegrityError), transaction.atomic():
        Acceptance.objects.create(
            first_acceptor=people["acceptor1"], second_acceptor=people["acceptor1"], **base
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Acceptance.objects.create(
            first_acceptor=people["teacher"], second_acceptor=people["acceptor1"], **base
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Acceptance.objects.create(
            first_acceptor=people["acceptor1"], second_acceptor=people["teacher"], **base
        )


def test_the_invoice_amount_must_match_the_lines_and_defaults_to_their_sum(setup):
    school, people = setup
    request = ordered(school, people, items=[("办公电脑", "2", "4800.00")])
    item = request.items.get()
    with pytest.raises(ValidationError) as refused:
        acceptance_record(
            request=request,
            actor=people["acceptor2"],
            second_acceptor=people["acceptor1"],
            lines=[LineInput(item, Decimal("2"), Decimal("4700.00"))],
            invoice_number="X",
            invoice_amount=Decimal("9600.00"),
        )
    assert refused.value.error_dict["invoice_amount"][0].code == "invoice_mismatch"
    _nothing_kept(school, request)
    acceptance = acceptance_record(
        request=request,
        actor=people["acceptor2"],
        second_acceptor=people["acceptor1"],
        lines=[LineInput(item, Decimal("2"), Decimal("4700.00"))],
        invoice_number="X",
        invoice_amount=Decimal("9400.00"),
    )
    assert acceptance.invoice_amount == Decimal("9400.00")
    assert set(Asset.objects.values_list("unit_price", flat=True)) == {Decimal("4700.00")}


def test_the_invoice_number_is_required_and_the_file_is_checked(setup):
    school, people = setup
    request = ordered(school, people)
    with pytest.raises(ValidationError) as refused:
        _accept(request, people, ["2"], invoice_number="  ")
    assert "invoice_number" in refused.value.error_dict
    fake = SimpleUploadedFile("发票.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        _accept(request, people, ["2"], invoice_file=fake)
    _nothing_kept(school, request)
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), (250, 250, 250)).save(buffer, format="JPEG")
    photo = SimpleUploadedFile("发票.jpg", buffer.getvalue(), content_type="image/jpeg")
    acceptance = _accept(request, people, ["2"], invoice_file=photo)
    assert acceptance.invoice_file.name.endswith(".jpg")


def test_an_asset_service_refusal_keeps_nothing(setup):
    school, people = setup
    # A price the asset rules find implausible: refused by asset_create, after the acceptance
    # row was written inside the step: the whole step is rolled back.
    request = ordered(school, people, items=[("办公电脑", "2", "4800.00")])
    item = request.items.get()
    with pytest.raises(ValidationError):
        acceptance_record(
            request=request,
            actor=people["acceptor2"],
            second_acceptor=people["acceptor1"],
            lines=[LineInput(item, Decimal("2"), Decimal("60000000.00"))],
            invoice_number="X",
        )
    _nothing_kept(school, request)


def test_another_schools_person_gets_not_found(setup):
    school, people = setup
    request = ordered(school, people)
    others = office(SchoolFactory())
    with pytest.raises(TransitionRefused) as refused:
        acceptance_record(
            request=request,
            actor=others["acceptor2"],
            second_acceptor=others["acceptor1"],
            lines=[LineInput(request.items.get(), Decimal("2"))],
            invoice_number="X",
        )
    assert refused.value.status_code == 404
    _nothing_kept(school, request)


def test_the_acceptance_is_audited_on_the_request(setup):
    from auditlog.models import LogEntry

    school, people = setup
    request = ordered(school, people)
    _accept(request, people, ["2"])
    events = LogEntry.objects.get_for_object(request).filter(
        additional_data__event="purchase_accepted"
    )
    assert events.count() == 1


def test_the_acceptor_books_an_item_the_request_did_not_say_what_it_becomes(setup):
    """A teacher's request says what to buy, not how the ledger books it: the office chooses at
    acceptance (a category of this school; another school's is refused, nothing kept)."""
    from tests.finance.factories_delivery import category

    school, people = setup
    request = ordered(school, people, items=[("实物投影仪", "1", "3200.00")], kinds=[""])
    item = request.items.get()
    other = category(SchoolFactory())
    with pytest.raises(ValidationError):
        acceptance_record(
            request=request,
            actor=people["acceptor2"],
            second_acceptor=people["acceptor1"],
            lines=[LineInput(item, Decimal("1"), None, f"asset:{other.pk}")],
            invoice_number="No.0099",
        )
    _nothing_kept(school, request)
    item.refresh_from_db()
    assert item.asset_category_id is None
    mine = category(school)
    acceptance_record(
        request=request,
        actor=people["acceptor2"],
        second_acceptor=people["acceptor1"],
        lines=[LineInput(item, Decimal("1"), None, f"asset:{mine.pk}")],
        invoice_number="No.0100",
    )
    (card,) = Asset.objects.filter(school=school, name="实物投影仪")
    assert card.category == mine
    item.refresh_from_db()
    assert item.asset_category == mine
