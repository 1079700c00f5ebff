"""Stock never goes negative, also when two people issue the last units at the same moment."""

import threading
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from assets import services
from assets.models import Consumable, StockSlip
from core.choices import Role
from tests.conftest import require_service
from tests.factories import SchoolFactory, UserFactory


def postgres_only():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        require_service("row locks need PostgreSQL (set DATABASE_URL)")


@pytest.mark.django_db(transaction=True)
def test_two_issues_of_the_last_units_at_once_give_one_slip_and_one_refusal():
    postgres_only()
    school = SchoolFactory()
    staff = [UserFactory(school=school, roles=[Role.LOGISTICS]) for _ in range(2)]
    bulbs = Consumable.objects.create(
        school=school, name="LED灯管", spec="T8 1.2m", unit="支", quantity_on_hand=Decimal("3")
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def issue(user):
        try:
            barrier.wait(timeout=10)
            services.consumable_issue(
                school=school, actor=user, lines=[(bulbs, Decimal("3"))], reason="教室换灯"
            )
            outcomes.append("issued")
        except ValidationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(user,)) for user in staff]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["insufficient_stock", "issued"]
    bulbs.refresh_from_db()
    assert bulbs.quantity_on_hand == 0
    assert StockSlip.objects.filter(school=school).count() == 1


@pytest.mark.django_db
def test_an_issue_beyond_stock_is_refused_and_changes_nothing():
    school = SchoolFactory()
    user = UserFactory(school=school, roles=[Role.LOGISTICS])
    valve = Consumable.objects.create(
        school=school, name="角阀", unit="个", quantity_on_hand=Decimal("2")
    )
    paper = Consumable.objects.create(
        school=school, name="A4纸", unit="包", quantity_on_hand=Decimal("10")
    )
    with pytest.raises(ValidationError) as refused:
        services.consumable_issue(
            school=school, actor=user, lines=[(paper, Decimal("1")), (valve, Decimal("5"))]
        )
    assert "角阀" in str(refused.value)
    paper.refresh_from_db()
    valve.refresh_from_db()
    assert (paper.quantity_on_hand, valve.quantity_on_hand) == (10, 2)
    assert not StockSlip.objects.exists()


@pytest.mark.django_db
def test_stock_in_then_issue_numbers_slips_and_tracks_balances():
    school = SchoolFactory()
    user = UserFactory(school=school, roles=[Role.LOGISTICS])
    mop = Consumable.objects.create(school=school, name="拖把", unit="把", unit_price=Decimal("25"))
    received = services.consumable_stock_in(
        school=school, actor=user, lines=[(mop, Decimal("12"))], supplier="城东五金"
    )
    issued = services.consumable_issue(
        school=school, actor=user, lines=[(mop, Decimal("5"))], recipient=user
    )
    assert received.number.startswith("RK-") and issued.number.startswith("LY-")
    assert [line.balance_after for line in issued.lines.all()] == [Decimal("7")]
    mop.refresh_from_db()
    assert mop.quantity_on_hand == 7
