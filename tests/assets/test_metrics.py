"""The assets figures of the metric registry: known values, an empty school, the list behind
each figure shows exactly the rows counted, and the query count does not grow with schools/rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assets import services
from assets.choices import AssetStatus
from assets.models import Asset, AssetMovement, Consumable
from core import metrics
from core.choices import Role
from core.metrics import Period
from tests.assets.factories import AssetFactory, ConsumableFactory
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

NOVEMBER = Period.month(2026, 11)
COUNTS = ["assets.count", "assets.loans_overdue", "assets.never_stocktaken", "assets.low_stock"]


@pytest.fixture
def ledger(school, make_user):
    lent = AssetFactory(school=school)  # 4800.00 bought 2022-09, six years' life
    AssetFactory(
        school=school, unit_price=Decimal("1000.00"), quantity=2, purchase_date=dt.date(2026, 11, 3)
    )
    AssetFactory(school=school, status=AssetStatus.DISPOSED, disposed_on=dt.date(2026, 10, 1))
    archived = AssetFactory(school=school)
    Asset.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    teacher = make_user(Role.TEACHER)
    services.asset_lend(
        asset=lent,
        actor=make_user(Role.LOGISTICS),
        due_date=timezone.localdate(),
        to_custodian=teacher,
    )
    AssetMovement.objects.filter(asset=lent).update(due_date=dt.date(2026, 11, 20))
    ConsumableFactory(school=school, quantity_on_hand=Decimal("2"))
    ConsumableFactory(school=school)
    gone = ConsumableFactory(school=school, quantity_on_hand=Decimal("1"))
    Consumable.objects.filter(pk=gone.pk).update(archived_at=timezone.now())


def value(key, school, period=NOVEMBER):
    return metrics.get(key).value(school.pk, period)


def test_the_figures_of_a_known_ledger(ledger, school):
    assert value("assets.count", school) == 2
    assert value("assets.value", school) == Decimal("6800.00")
    # 4800 × (1 − 51/72) + 2000 × (1 − 1/72), at the end of November 2026.
    assert value("assets.net_value", school) == Decimal("3372.22")
    assert value("assets.loans_overdue", school) == 1
    assert value("assets.never_stocktaken", school) == 2
    assert value("assets.low_stock", school) == 1


def test_an_empty_school_counts_zero(school):
    for key in [*COUNTS, "assets.value", "assets.net_value"]:
        assert value(key, school) == 0, key


@pytest.mark.parametrize("key", COUNTS)
def test_the_link_lists_exactly_the_rows_counted(ledger, school, client, make_user, key):
    AssetFactory(school=SchoolFactory())  # another school's card never shows
    client.force_login(make_user(Role.DIRECTOR))
    metric = metrics.get(key)
    page = client.get(metric.link(NOVEMBER))
    assert page.status_code == 200
    assert len(page.context["rows"]) == metric.value(school.pk, NOVEMBER)


def test_the_building_breakdown_links_to_its_rows(ledger, school, client, make_user):
    client.force_login(make_user(Role.DIRECTOR))
    ((_key, _label, breakdown),) = metrics.get("assets.count").breakdowns
    for _name, count, link in breakdown(school.pk, NOVEMBER):
        if link:
            assert len(client.get(link).context["rows"]) == count


def _queries(school_ids) -> int:
    with CaptureQueriesContext(connection) as captured:
        for metric in metrics.all_metrics("assets"):
            metric.values(school_ids, NOVEMBER)
    return len(captured)


def test_the_query_count_is_the_same_for_1_2_or_20_schools_and_few_or_many_rows(ledger, school):
    others = [SchoolFactory() for _ in range(19)]
    one = _queries([school.pk])
    two = _queries([school.pk, others[0].pk])
    twenty = _queries([school.pk, *(s.pk for s in others)])
    for _ in range(15):
        AssetFactory(school=others[0])
    assert (
        one
        == two
        == twenty
        == _queries([school.pk, *(s.pk for s in others)])
        == len(metrics.all_metrics("assets"))
    )


def test_the_reports_sheets_hold_the_rows_behind_each_figure(ledger, school):
    from tests.helpers import report_workbook, rows_on_sheet

    AssetFactory(school=SchoolFactory(), name="别校资产")  # another school's card never shows
    content, book = report_workbook(school, NOVEMBER)
    for key in COUNTS:
        header, rows = rows_on_sheet(book, content, metrics.get(key))
        assert len(rows) == value(key, school), key
    # The value is a sum over the ledger's cards: the sheet has those cards, their amounts add up.
    header, rows = rows_on_sheet(book, content, metrics.get("assets.value"))
    amount = header.index("金额")
    assert len(rows) == 2 and sum(r[amount] for r in rows) == value("assets.value", school)
    header, rows = rows_on_sheet(book, content, metrics.get("assets.net_value"))
    assert len(rows) == 2 and "别校资产" not in {r[header.index("名称")] for r in rows}


def test_a_card_named_like_a_formula_stays_text_on_the_reports_sheet(school):
    from core import reports
    from tests.helpers import report_workbook

    AssetFactory(school=school, name='=HYPERLINK("http://evil.example","点我")')
    content, book = report_workbook(school, NOVEMBER)
    sheet = book[reports.rows_sheet_of(content, metrics.get("assets.count")).title]
    (cell,) = [c for row in sheet.iter_rows(min_row=4) for c in row if c.column_letter == "B"]
    assert cell.value == '=HYPERLINK("http://evil.example","点我")' and cell.data_type == "s"
