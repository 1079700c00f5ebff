"""Stocktake (盘点): start, walk room by room, report, the director's confirmation reconciles."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assets import services
from assets.choices import AssetStatus, CompensationStatus, MovementKind, StocktakeResult
from assets.models import Asset, AssetMovement, Compensation, StocktakeLine
from tests.assets.factories import room_of
from tests.factories import SchoolClassFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(school, logistics, categories):
    lab, office, store = room_of(school, name="科学实验室"), room_of(school), room_of(school)

    def make(name, room):
        return services.asset_create(
            school=school,
            actor=logistics,
            category=categories["2201"],
            name=name,
            unit_price=Decimal("2300"),
            purchase_date=dt.date(2023, 3, 1),
            room=room,
        )

    return {
        "lab": lab,
        "office": office,
        "store": store,
        "scope": make("显微镜", lab),
        "balance": make("电子天平", lab),
        "model": make("人体模型", lab),
        "printer": make("打印机", office),
        "elsewhere": make("投影仪", store),
    }


def test_a_stocktake_lists_what_the_ledger_places_in_its_rooms(school, logistics, ledger):
    take = services.stocktake_start(
        school=school, actor=logistics, title="期中盘点", rooms=[ledger["lab"], ledger["office"]]
    )
    assert set(take.lines.values_list("asset__name", flat=True)) == {
        "显微镜",
        "电子天平",
        "人体模型",
        "打印机",
    }
    whole = services.stocktake_start(school=school, actor=logistics, title="年终盘点")
    assert whole.whole_school and whole.lines.count() == 5


def test_walk_report_and_confirm(school, logistics, director, ledger):
    take = services.stocktake_start(
        school=school, actor=logistics, title="期中盘点", rooms=[ledger["lab"]]
    )
    line = {x.asset.name: x for x in take.lines.select_related("asset")}
    services.stocktake_mark(line=line["显微镜"], actor=logistics, result=StocktakeResult.FOUND)
    services.stocktake_mark(line=line["电子天平"], actor=logistics, result=StocktakeResult.MISSING)
    with pytest.raises(ValidationError):  # one still unchecked
        services.stocktake_confirm(stocktake=take, actor=director)
    services.stocktake_mark(
        line=line["人体模型"], actor=logistics, result=StocktakeResult.DAMAGED, note="手臂断裂"
    )
    # Found in the lab: the projector of the store room, and an unregistered item.
    services.stocktake_record_surplus(
        stocktake=take, actor=logistics, room=ledger["lab"], asset=ledger["elsewhere"]
    )
    services.stocktake_record_surplus(
        stocktake=take, actor=logistics, room=ledger["lab"], description="旧电风扇（无标签）"
    )
    report = services.stocktake_report(take)
    assert [x.asset.name for x in report[StocktakeResult.MISSING]] == ["电子天平"]
    assert [x.asset.name for x in report[StocktakeResult.DAMAGED]] == ["人体模型"]
    assert [x.asset.name for x in report[StocktakeResult.WRONG_ROOM]] == ["投影仪"]
    assert [x.description for x in report[StocktakeResult.UNREGISTERED]] == ["旧电风扇（无标签）"]
    with pytest.raises(ValidationError):
        services.stocktake_confirm(stocktake=take, actor=logistics)  # the director confirms
    before = AssetMovement.objects.count()
    moves = services.stocktake_confirm(stocktake=take, actor=director)
    assert len(moves) == 3 and AssetMovement.objects.count() == before + 3
    assert all(m.kind == MovementKind.STOCKTAKE and "期中盘点" in m.reason for m in moves)
    ledger["balance"].refresh_from_db()
    ledger["elsewhere"].refresh_from_db()
    assert ledger["balance"].status == AssetStatus.MISSING
    assert ledger["elsewhere"].room == ledger["lab"]
    with pytest.raises(ValidationError):  # confirmed: frozen
        services.stocktake_mark(
            line=line["显微镜"], actor=logistics, result=StocktakeResult.MISSING
        )


def test_assets_never_stocktaken(school, logistics, ledger):
    take = services.stocktake_start(
        school=school, actor=logistics, title="期中盘点", rooms=[ledger["lab"]]
    )
    for line in take.lines.all():
        services.stocktake_mark(line=line, actor=logistics, result=StocktakeResult.FOUND)
    never = set(services.never_stocktaken(Asset.objects.all()).values_list("name", flat=True))
    assert never == {"打印机", "投影仪"}
    assert StocktakeLine.objects.filter(result=StocktakeResult.PENDING).count() == 0


def test_class_property_check_and_compensation(school, logistics, ledger):
    school_class = SchoolClassFactory(school=school, grade=1, number=1)
    check = services.property_check_record(
        school_class=school_class,
        actor=logistics,
        kind="mid_term",
        damages=[(ledger["scope"], "镜头划伤", Decimal("120.00"))],
    )
    comp = Compensation.objects.get()
    assert (comp.school_class, comp.property_check, comp.amount) == (
        school_class,
        check,
        Decimal("120.00"),
    )
    assert comp.status == CompensationStatus.DUE
    services.compensation_settle(compensation=comp, actor=logistics, status="waived")
    comp.refresh_from_db()
    assert comp.status == CompensationStatus.WAIVED and comp.settled_on
    with pytest.raises(ValidationError):
        services.compensation_settle(compensation=comp, actor=logistics, status="paid")
    with pytest.raises(ValidationError):
        services.property_check_record(
            school_class=school_class,
            actor=logistics,
            kind="mid_term",
            damages=[(None, "窗帘撕裂", Decimal("-5"))],
        )
    assert Compensation.objects.count() == 1
