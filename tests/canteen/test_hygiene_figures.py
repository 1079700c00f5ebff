"""Hygiene metrics (values, no data vs 0, the link lists the counted rows, constant queries) and
today's to-do items of the canteen roles' home page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from canteen.services.hygiene import disinfection_save, morning_check_record
from core import metrics
from core.choices import Role
from core.metrics import Period
from tests.canteen.factories_hygiene import (
    SCHOOL_DAY,
    BatchFactory,
    CertificateFactory,
    MealFactory,
    StaffFactory,
    method_of,
    serve,
)
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
NOVEMBER = Period.month(2026, 11)
OCT = dt.date(2026, 10, 30)


def _values(key, schools, period=NOVEMBER):
    return metrics.get(key).compute([s.pk for s in schools], period)


def test_disinfection_compliance_counts_batches_meeting_the_minimum(school, other_school):
    for temperature, day in [(125, SCHOOL_DAY), (125, SCHOOL_DAY), (110, SCHOOL_DAY), (90, OCT)]:
        batch = BatchFactory.build(school=school, day=day, temperature_c=Decimal(temperature))
        batch.method, batch.operator = method_of(school), StaffFactory(school=school)
        disinfection_save(batch=batch, actor=None)  # flagged below 120 °C
    values = _values("canteen.disinfection_compliance", [school, other_school])
    assert values == {school.pk: Decimal("66.7"), other_school.pk: None}  # no batch: no data


def test_the_compliance_link_lists_the_counted_batches(client, school, make_user):
    BatchFactory(school=school)
    BatchFactory(school=school, day=dt.date(2026, 10, 30))
    client.force_login(make_user(Role.CANTEEN_MANAGER))
    url = metrics.get("canteen.disinfection_compliance").link(NOVEMBER)
    response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


def test_certificates_expiring_counts_the_unrenewed_ones_and_zero_is_zero(school, other_school):
    today = timezone.localdate()
    CertificateFactory(staff__school=school, issued_on=today - dt.timedelta(days=350))  # soon
    CertificateFactory(staff__school=school, issued_on=today - dt.timedelta(days=400))  # expired
    renewed = CertificateFactory(staff__school=school, issued_on=today - dt.timedelta(days=360))
    CertificateFactory(staff=renewed.staff, issued_on=today - dt.timedelta(days=5))
    values = _values("canteen.certificates_expiring", [school, other_school])
    assert values == {school.pk: 2, other_school.pk: 0}


def test_the_expiring_link_lists_the_counted_certificates(client, school, make_user):
    today = timezone.localdate()
    CertificateFactory(staff__school=school, issued_on=today - dt.timedelta(days=350))
    CertificateFactory(staff__school=school, issued_on=today - dt.timedelta(days=100))
    client.force_login(make_user(Role.CANTEEN))
    response = client.get(metrics.get("canteen.certificates_expiring").link(NOVEMBER))
    assert len(response.context["rows"]) == 1


def test_accompanied_coverage_is_meals_with_a_leader_over_meals_served(
    school, other_school, make_user
):
    principal = make_user(Role.PRINCIPAL)
    serve(school)  # breakfast + lunch on SCHOOL_DAY
    serve(school, day=SCHOOL_DAY + dt.timedelta(days=1), meals=("lunch",))
    MealFactory(school=school, kind="leader", leader=principal, parent_name="", meal="lunch")
    MealFactory(school=school, meal="breakfast")  # a parent does not count
    values = _values("canteen.accompanied_coverage", [school, other_school])
    assert values == {school.pk: Decimal("33.3"), other_school.pk: None}  # nothing served: no data


@pytest.mark.parametrize(
    "key",
    [
        "canteen.disinfection_compliance",
        "canteen.certificates_expiring",
        "canteen.accompanied_coverage",
    ],
)
def test_the_metrics_cost_the_same_queries_for_one_and_many_schools(key, school):
    def queries(schools):
        with CaptureQueriesContext(connection) as captured:
            metrics.get(key).compute([s.pk for s in schools], NOVEMBER)
        return len(captured)

    serve(school)
    BatchFactory(school=school)
    one = queries([school])
    many = [SchoolFactory() for _ in range(5)]
    for other in many:
        serve(other)
        BatchFactory(school=other)
        CertificateFactory(staff__school=other)
    assert queries([school, *many]) == one


def _todo(client, user) -> dict[str, int]:
    client.force_login(user)
    from core.todo import todo_for

    return {row["key"]: row["count"] for row in todo_for(user)}


def test_today_items_count_what_is_still_missing(client, school, make_user):
    today = timezone.localdate()
    serve(school, day=today, meals=("breakfast", "lunch"))
    cook, principal = make_user(Role.CANTEEN), make_user(Role.PRINCIPAL)
    manager = make_user(Role.CANTEEN_MANAGER)
    fit = CertificateFactory(staff__school=school)
    StaffFactory(school=school)  # no certificate: still to be checked
    counts = _todo(client, cook)
    assert counts["canteen.morning_check_due"] == 2
    assert counts["canteen.disinfection_due"] == 2
    morning_check_record(school_id=school.pk, staff=fit.staff, day=today, fit=True, actor=cook)
    disinfection_save(
        batch=BatchFactory.build(
            school=school, day=today, meal="lunch", method=method_of(school), operator=fit.staff
        ),
        actor=cook,
    )
    low = BatchFactory.build(
        school=school,
        day=today,
        meal="breakfast",
        method=method_of(school),
        operator=fit.staff,
        temperature_c=Decimal("100"),
    )
    disinfection_save(batch=low, actor=cook)
    counts = _todo(client, cook)
    assert counts["canteen.morning_check_due"] == 1
    assert counts["canteen.disinfection_due"] == 0
    assert counts["canteen.redisinfection_due"] == 1
    assert _todo(client, principal)["canteen.accompanied_due"] == 2
    MealFactory(
        school=school, day=today, kind="leader", leader=principal, parent_name="", problems="菜凉了"
    )
    assert _todo(client, principal)["canteen.accompanied_due"] == 1
    assert _todo(client, manager)["canteen.meal_problems_open"] == 1
    # Each link opens the list or screen behind the count.
    client.force_login(cook)
    for key in ("canteen.morning_check_due", "canteen.redisinfection_due"):
        from core.todo import _ITEMS

        assert client.get(_ITEMS[key].link()).status_code == 200
    response = client.get(reverse("canteen:disinfectionbatch_list") + "?open=true&archived=false")
    assert len(response.context["rows"]) == 1
