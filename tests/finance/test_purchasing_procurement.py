"""finance.procurement: the public threshold (the school's tender threshold or the province's
limit in force, whichever is lower), effective dates, the seeded example limits, the method of
a purchase and the splitting warning (化整为零) that names the requests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from finance import procurement
from finance.choices import EconomicCategory, GoodsKind, ProcurementMethod, RequestStatus
from finance.models import FinanceSettings, ProcurementLimit
from tests.factories import SchoolFactory
from tests.finance.factories import line_of, office, request_of

pytestmark = pytest.mark.django_db
D = Decimal
TODAY = dt.date(2026, 6, 1)


def _limit(province, kind, public, tender, start, until=None):
    return ProcurementLimit.objects.create(
        province=province,
        kind=kind,
        decentralised_from=D(public),
        open_tender_from=D(tender),
        effective_from=start,
        effective_until=until,
    )


def _rules(province="", tender_from="200000"):
    school = SchoolFactory()
    rules = FinanceSettings.of(school.pk)
    rules.province, rules.tender_from = province, D(tender_from)
    rules.save()
    return rules


def test_the_example_limits_are_seeded_unconfirmed_for_the_admin_to_check():
    seeded = ProcurementLimit.objects.filter(source="示例数据，请管理员核对")
    assert {"浙江", "江苏", "广东", "北京"} <= set(seeded.values_list("province", flat=True))
    assert not seeded.filter(confirmed=True).exists()
    for row in seeded.filter(kind__in=[GoodsKind.GOODS, GoodsKind.SERVICES]):
        assert D("300000") <= row.decentralised_from <= D("500000"), row
        assert D("2000000") <= row.open_tender_from <= D("4000000"), row
    assert procurement.known_provinces()[:4] == sorted(procurement.known_provinces())[:4]


def test_without_a_province_the_schools_tender_threshold_applies():
    assert procurement.public_threshold(_rules(), GoodsKind.GOODS, TODAY) == D("200000")


def test_the_lower_of_the_schools_threshold_and_the_provinces_limit_applies():
    _limit("测试省", GoodsKind.GOODS, "150000", "2000000", dt.date(2020, 1, 1))
    _limit("测试省", GoodsKind.SERVICES, "500000", "4000000", dt.date(2020, 1, 1))
    rules = _rules("测试省", tender_from="200000")
    assert procurement.public_threshold(rules, GoodsKind.GOODS, TODAY) == D("150000")
    assert procurement.public_threshold(rules, GoodsKind.SERVICES, TODAY) == D("200000")
    # No limit for works in that province: the school's own threshold.
    assert procurement.public_threshold(rules, GoodsKind.WORKS, TODAY) == D("200000")


def test_the_limit_in_force_on_the_day_applies():
    _limit(
        "测试省", GoodsKind.GOODS, "100000", "2000000", dt.date(2018, 1, 1), dt.date(2020, 12, 31)
    )
    _limit("测试省", GoodsKind.GOODS, "120000", "3000000", dt.date(2021, 1, 1))
    _limit("测试省", GoodsKind.GOODS, "90000", "3000000", dt.date(2027, 1, 1))  # not yet
    rules = _rules("测试省", tender_from="500000")
    on = procurement.public_threshold
    assert on(rules, GoodsKind.GOODS, dt.date(2019, 6, 1)) == D("100000")
    assert on(rules, GoodsKind.GOODS, dt.date(2020, 12, 31)) == D("100000")
    assert on(rules, GoodsKind.GOODS, dt.date(2021, 1, 1)) == D("120000")
    assert on(rules, GoodsKind.GOODS, TODAY) == D("120000")
    assert on(rules, GoodsKind.GOODS, dt.date(2027, 3, 1)) == D("90000")
    assert on(rules, GoodsKind.GOODS, dt.date(2017, 1, 1)) == D("500000")  # before any
    assert procurement.provincial_limit("", GoodsKind.GOODS, TODAY) is None


def test_the_method_follows_the_amount_and_the_seeded_province():
    rules = _rules("浙江", tender_from="1000000")
    today = timezone.localdate()
    public = procurement.public_threshold(rules, GoodsKind.GOODS, today)
    assert public == D("400000")  # 浙江's example limit, below the school's own
    method = procurement.method_for_amount
    assert method(D("999.99"), GoodsKind.GOODS, rules) == ProcurementMethod.DIRECT
    assert method(D("1000"), GoodsKind.GOODS, rules) == ProcurementMethod.QUOTES
    assert method(public - D("0.01"), GoodsKind.GOODS, rules) == ProcurementMethod.QUOTES
    assert method(public, GoodsKind.GOODS, rules) == ProcurementMethod.PUBLIC


def _counted(school, people, line, price, status=RequestStatus.PENDING):
    request = request_of(school, requester=people["teacher"], line=line, items=[("x", "1", price)])
    request.status = status
    request.save(update_fields=["status"])
    return request


def test_requests_that_together_pass_the_quote_threshold_are_named():
    school = SchoolFactory()
    people = office(school)
    rules = FinanceSettings.of(school.pk)
    line = line_of(school, amount="50000", category=EconomicCategory.MATERIALS)
    first = _counted(school, people, line, "400")
    second = _counted(school, people, line, "350")
    _counted(school, people, line, "300", status=RequestStatus.CANCELLED)  # does not count
    other_category = line_of(school, amount="50000", category=EconomicCategory.PRINTING)
    _counted(school, people, other_category, "900")  # another category
    third = _counted(school, people, line, "200")
    assert procurement.split_warning(third, rules) is None  # 950 < 1000
    fourth = _counted(school, people, line, "300")
    warning = procurement.split_warning(fourth, rules)
    assert warning is not None
    assert (warning.threshold, warning.total) == (D("1000"), D("1250.00"))
    assert [r.number for r in warning.requests] == [first.number, second.number, third.number]
    message = warning.message
    assert first.number in message and third.number in message and "化整为零" in message


def test_requests_under_the_public_threshold_count_though_they_passed_the_quote_one():
    """Each threshold on its own: requests of 120,000 each stayed under 200,000 (public) while
    passing 1,000 (quotes); together they pass 200,000 and are named."""
    school = SchoolFactory()
    people = office(school)
    rules = FinanceSettings.of(school.pk)
    line = line_of(school, amount="900000", category=EconomicCategory.SPECIAL_EQUIPMENT)
    first = _counted(school, people, line, "120000")
    small = _counted(school, people, line, "500")
    second = _counted(school, people, line, "90000")
    warning = procurement.split_warning(second, rules)
    assert warning is not None
    assert warning.threshold == D("200000")
    assert warning.total == D("210500.00")
    assert [r.number for r in warning.requests] == [first.number, small.number]


def test_a_request_past_every_threshold_or_without_a_line_gets_no_warning():
    school = SchoolFactory()
    people = office(school)
    rules = FinanceSettings.of(school.pk)
    line = line_of(school, amount="900000")
    _counted(school, people, line, "150000")
    big = _counted(school, people, line, "250000")
    assert procurement.split_warning(big, rules) is None
    loose = request_of(school, requester=people["teacher"], line=None)
    assert procurement.split_warning(loose, rules) is None


def test_last_years_requests_do_not_count():
    school = SchoolFactory()
    people = office(school)
    rules = FinanceSettings.of(school.pk)
    year = timezone.localdate().year
    old = line_of(school, amount="9000", category=EconomicCategory.MATERIALS, year=year - 1)
    new = line_of(school, amount="9000", category=EconomicCategory.MATERIALS, year=year)
    _counted(school, people, old, "800", status=RequestStatus.PAID)
    request = _counted(school, people, new, "800")
    assert procurement.split_warning(request, rules) is None
