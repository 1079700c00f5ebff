"""The ledger's rules: codes, the capitalisation threshold, depreciation, movements, disposal."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from assets import depreciation, services
from assets.choices import AssetStatus, DisposalStatus, MovementKind
from assets.models import Asset, AssetCategory, AssetMovement, AssetSettings, DisposalRequest
from core.choices import Role
from tests.assets.factories import AssetFactory, ConsumableFactory, room_of
from tests.conftest import require_service
from tests.factories import SchoolClassFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def create(school, actor, categories, **overrides):
    values = {
        "category": categories["2101"],
        "name": "办公电脑",
        "unit_price": Decimal("4800"),
        "purchase_date": dt.date(2024, 3, 5),
    }
    values.update(overrides)
    return services.asset_create(school=school, actor=actor, **values)


def test_categories_seed_is_idempotent_and_follows_gb_t_14885(school, categories):
    assert services.categories_seed_defaults(school) == 0
    tops = set(
        AssetCategory.objects.filter(school=school, parent=None).values_list("name", flat=True)
    )
    assert tops == {
        "房屋和构筑物",
        "设备",
        "文物和陈列品",
        "图书和档案",
        "家具和用具",
        "特种动植物",
    }
    assert categories["101"].useful_life_years == 50
    assert categories["102"].useful_life_years == 30
    assert categories["2101"].useful_life_years == 6
    assert categories["2103"].useful_life_years == 8
    assert categories["2201"].useful_life_years == 5 and categories["2201"].specialist
    assert categories["2104"].useful_life_years == 10
    assert categories["501"].useful_life_years == 15
    for code in ("104", "3", "4", "401", "6"):
        assert not categories[code].depreciable


def test_codes_follow_the_pattern_and_count_per_category_and_year(school, logistics, categories):
    first = create(school, logistics, categories)
    second = create(school, logistics, categories)
    other_year = create(school, logistics, categories, purchase_date=dt.date(2023, 1, 1))
    assert [first.code, second.code, other_year.code] == [
        "2101-2024-0001",
        "2101-2024-0002",
        "2101-2023-0001",
    ]
    AssetSettings.objects.filter(school=school).update(code_pattern="HX{year}{category}{seq:05d}")
    assert create(school, logistics, categories).code == "HX2024210100003"


def test_registration_writes_a_stock_in_movement(school, logistics, categories):
    room = room_of(school)
    asset = create(school, logistics, categories, room=room)
    move = asset.movements.get()
    assert move.kind == MovementKind.STOCK_IN and move.to_room == room
    assert asset.status == AssetStatus.IN_STOCK


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"unit_price": Decimal("-1")}, "unit_price"),
        ({"unit_price": Decimal("900000000")}, "unit_price"),
        ({"purchase_date": TODAY + dt.timedelta(days=1)}, "purchase_date"),
        ({"quantity": 0}, "quantity"),
        ({"name": " "}, "name"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(
    school, logistics, categories, overrides, field
):
    with pytest.raises(ValidationError) as refused:
        create(school, logistics, categories, **overrides)
    assert field in refused.value.message_dict
    assert Asset.objects.count() == 0 and AssetMovement.objects.count() == 0


def test_a_duplicate_code_is_refused(school, logistics, categories):
    create(school, logistics, categories, code="HX-001")
    with pytest.raises(ValidationError) as refused:
        create(school, logistics, categories, code="HX-001")
    assert "code" in refused.value.message_dict
    assert Asset.objects.count() == 1
    # The same code in another school is fine.
    other = SchoolFactory()
    services.categories_seed_defaults(other)
    services.asset_create(
        school=other,
        actor=UserFactory(school=other, roles=[Role.LOGISTICS]),
        category=AssetCategory.objects.get(school=other, code="2101"),
        name="电脑",
        unit_price=Decimal("5000"),
        purchase_date=dt.date(2024, 1, 1),
        code="HX-001",
    )


def test_capitalisation_threshold(school, logistics, categories):
    assert create(school, logistics, categories, unit_price=Decimal("1000")).is_fixed_asset
    assert not create(school, logistics, categories, unit_price=Decimal("999.99")).is_fixed_asset
    # Specialist equipment: 1,500 yuan.
    lab = categories["2201"]
    assert not create(
        school, logistics, categories, category=lab, unit_price=Decimal("1200")
    ).is_fixed_asset
    assert create(
        school, logistics, categories, category=lab, unit_price=Decimal("1500")
    ).is_fixed_asset
    # A batch of durable identical items stays a fixed asset.
    desks = create(
        school,
        logistics,
        categories,
        category=categories["501"],
        unit_price=Decimal("420"),
        quantity=45,
        durable_batch=True,
    )
    assert desks.is_fixed_asset
    mops = create(
        school,
        logistics,
        categories,
        category=categories["502"],
        unit_price=Decimal("12"),
        quantity=45,
    )
    assert not mops.is_fixed_asset


def test_straight_line_depreciation(school, logistics, categories):
    pc = create(
        school,
        logistics,
        categories,
        unit_price=Decimal("7200"),
        purchase_date=dt.date(2024, 1, 15),
    )
    # 6 years = 72 months, 100 yuan a month, charged from the month of purchase.
    at = depreciation.depreciation(pc, dt.date(2024, 12, 31))
    assert (at.months, at.accumulated, at.net, at.monthly) == (
        12,
        Decimal("1200.00"),
        Decimal("6000.00"),
        Decimal("100.00"),
    )
    assert depreciation.depreciation(pc, dt.date(2023, 12, 31)).accumulated == 0
    done = depreciation.depreciation(pc, dt.date(2040, 1, 1))
    assert (done.accumulated, done.net) == (Decimal("7200.00"), Decimal("0.00"))
    books = create(
        school,
        logistics,
        categories,
        category=categories["401"],
        unit_price=Decimal("30"),
        quantity=2000,
        durable_batch=True,
    )
    assert depreciation.depreciation(books, dt.date(2030, 1, 1)).accumulated == 0
    cheap = create(school, logistics, categories, unit_price=Decimal("300"))
    assert depreciation.depreciation(cheap, dt.date(2030, 1, 1)).net == Decimal("300.00")


def test_sql_depreciation_matches_python(school, logistics, categories):
    made = [
        create(
            school,
            logistics,
            categories,
            unit_price=Decimal("7200"),
            purchase_date=dt.date(2021, 5, 1),
        ),
        create(
            school,
            logistics,
            categories,
            category=categories["501"],
            unit_price=Decimal("1650"),
            purchase_date=dt.date(2019, 8, 20),
        ),
        create(
            school,
            logistics,
            categories,
            category=categories["101"],
            unit_price=Decimal("18600000"),
            purchase_date=dt.date(2012, 8, 30),
        ),
        create(
            school,
            logistics,
            categories,
            category=categories["3"],
            unit_price=Decimal("5000"),
            purchase_date=dt.date(2010, 1, 1),
        ),
        create(school, logistics, categories, unit_price=Decimal("600")),
    ]
    on = dt.date(2026, 11, 20)
    rows = depreciation.annotate_depreciation(Asset.objects.filter(pk__in=[a.pk for a in made]), on)
    got = {a.pk: (Decimal(a.accumulated_depreciation), Decimal(a.net_value)) for a in rows}
    for asset in made:
        want = depreciation.depreciation(asset, on)
        assert got[asset.pk] == (want.accumulated, want.net), asset.name


def test_lend_return_and_overdue(school, logistics, categories):
    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    room = room_of(school)
    camera = create(school, logistics, categories, room=room)
    loan = services.asset_lend(
        asset=camera, actor=logistics, to_custodian=teacher, due_date=TODAY, reason="运动会"
    )
    camera.refresh_from_db()
    assert camera.status == AssetStatus.LENT and camera.custodian == teacher
    assert not services.overdue_loans(AssetMovement.objects.all()).exists()
    later = TODAY + dt.timedelta(days=1)
    assert list(services.overdue_loans(AssetMovement.objects.all(), today=later)) == [loan]
    with pytest.raises(ValidationError):
        services.asset_lend(asset=camera, actor=logistics, to_custodian=teacher, due_date=later)
    services.asset_return(asset=camera, actor=logistics)
    camera.refresh_from_db()
    assert camera.status == AssetStatus.IN_STOCK and camera.custodian is None
    assert not services.overdue_loans(AssetMovement.objects.all(), today=later).exists()


def test_loan_to_a_class_and_refusals(school, logistics, categories):
    asset = create(school, logistics, categories)
    with pytest.raises(ValidationError):
        services.asset_lend(asset=asset, actor=logistics, due_date=TODAY)  # nobody
    with pytest.raises(ValidationError):
        services.asset_lend(
            asset=asset,
            actor=logistics,
            to_class=SchoolClassFactory(school=school),
            due_date=TODAY - dt.timedelta(days=1),
        )
    other_class = SchoolClassFactory(school=SchoolFactory())
    with pytest.raises(ValidationError):
        services.asset_issue(asset=asset, actor=logistics, to_class=other_class)
    assert asset.movements.count() == 1


def test_issue_and_transfer(school, logistics, categories):
    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    a, b = room_of(school), room_of(school)
    asset = create(school, logistics, categories, room=a)
    services.asset_issue(asset=asset, actor=logistics, to_custodian=teacher)
    move = services.asset_transfer(asset=asset, actor=logistics, to_room=b, reason="调整办公室")
    asset.refresh_from_db()
    assert (asset.room, asset.custodian, asset.status) == (b, teacher, AssetStatus.IN_USE)
    assert (move.from_room, move.to_room) == (a, b)


def test_disposal_needs_the_director_and_keeps_the_card(school, logistics, director, categories):
    asset = create(school, logistics, categories)
    with pytest.raises(ValidationError):
        services.disposal_request(asset=asset, actor=logistics, reason="")
    request = services.disposal_request(asset=asset, actor=logistics, reason="主板烧毁，无维修价值")
    with pytest.raises(ValidationError):
        services.disposal_request(asset=asset, actor=logistics, reason="again")
    with pytest.raises(ValidationError):
        services.disposal_decide(request=request, actor=logistics, approve=True)
    services.disposal_decide(request=request, actor=director, approve=True)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.DISPOSED and asset.disposed_on == TODAY
    assert asset.movements.filter(
        kind=MovementKind.DISPOSAL, reason="主板烧毁，无维修价值"
    ).exists()
    assert Asset.objects.filter(pk=asset.pk).exists()
    with pytest.raises(ValidationError):
        services.disposal_decide(request=request, actor=director, approve=False)


def test_disposal_of_a_lent_asset_is_refused(school, logistics, director, categories):
    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    asset = create(school, logistics, categories)
    request = services.disposal_request(asset=asset, actor=logistics, reason="老化")
    services.asset_lend(asset=asset, actor=logistics, to_custodian=teacher, due_date=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.disposal_request(asset=asset, actor=logistics, reason="老化")
    assert refused.value.code == "lent"
    with pytest.raises(ValidationError):
        services.disposal_decide(request=request, actor=director, approve=True)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.LENT
    assert DisposalRequest.objects.get().status == DisposalStatus.PENDING


def test_rejected_disposal_leaves_the_asset(school, logistics, director, categories):
    asset = create(school, logistics, categories)
    request = services.disposal_request(asset=asset, actor=logistics, reason="老化")
    services.disposal_decide(request=request, actor=director, approve=False, note="还能用")
    asset.refresh_from_db()
    assert asset.status == AssetStatus.IN_STOCK


def test_consumables_below_reorder_level(school):
    low = ConsumableFactory(
        school=school, quantity_on_hand=Decimal("3"), reorder_level=Decimal("5")
    )
    ConsumableFactory(school=school, quantity_on_hand=Decimal("5"), reorder_level=Decimal("5"))
    from assets.models import Consumable

    assert list(services.below_reorder_level(Consumable.objects.all())) == [low]


def test_repair_round_trip_restores_the_status(school, logistics, categories):
    asset = create(school, logistics, categories, custodian=logistics)
    services.asset_send_to_repair(asset=asset, actor=logistics, reason="屏幕不亮")
    services.asset_back_from_repair(asset=asset, actor=logistics)
    asset.refresh_from_db()
    assert asset.status == AssetStatus.IN_USE


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_distinct_codes():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        require_service("row locks need PostgreSQL (set DATABASE_URL)")
    from django.db import connection

    school = SchoolFactory()
    services.categories_seed_defaults(school)
    services.settings_for(school)
    category = AssetCategory.objects.get(school=school, code="2101")
    users = [UserFactory(school=school, roles=[Role.LOGISTICS]) for _ in range(4)]
    barrier = threading.Barrier(4)
    codes, errors = [], []

    def register(user):
        try:
            barrier.wait(timeout=10)
            codes.append(
                services.asset_create(
                    school=school,
                    actor=user,
                    category=category,
                    name="电脑",
                    unit_price=Decimal("5000"),
                    purchase_date=dt.date(2025, 1, 1),
                ).code
            )
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(codes) == [f"2101-2025-000{i}" for i in range(1, 5)]
    AssetFactory


def test_overdue_reminders_go_once_a_day(school, logistics, categories):
    from core.models import Notification

    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    camera = create(school, logistics, categories)
    services.asset_lend(asset=camera, actor=logistics, to_custodian=teacher, due_date=TODAY)
    assert services.remind_overdue_loans(today=TODAY) == 0  # due today: not overdue yet
    tomorrow = TODAY + dt.timedelta(days=1)
    assert services.remind_overdue_loans(today=tomorrow) == 1
    assert services.remind_overdue_loans(today=tomorrow) == 0
    assert set(Notification.objects.values_list("recipient", flat=True)) == {
        teacher.pk,
        logistics.pk,
    }
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.filter(task="assets.remind_overdue_loans").exists()


def test_a_pattern_without_a_sequence_is_refused(school, logistics, categories):
    services.settings_for(school)
    AssetSettings.objects.filter(school=school).update(code_pattern="{category}-{year}")
    with pytest.raises(ValidationError):
        create(school, logistics, categories)
    assert Asset.objects.count() == 0
