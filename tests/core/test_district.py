"""The district comparison as a district viewer uses it: their schools side by side, sorted by a
figure, charts' data embedded, other schools and other roles kept out, constant query count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import metrics
from core.choices import Role
from core.metrics import Period
from repairs.choices import Status
from repairs.models import RepairRequest
from tests.factories import SchoolFactory, UserFactory
from tests.repairs.factories import file_request, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    busy, quiet, outside = (SchoolFactory(name=n) for n in ("一中", "二中", "外区小学"))
    for school, filed in ((busy, 3), (quiet, 1), (outside, 5)):
        teacher = people(school)["teacher"]
        for _ in range(filed):
            file_request(school, teacher)
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(busy, quiet)
    return viewer, busy, quiet, outside


def table(page) -> list[tuple[str, object]]:
    """(school name, repairs filed) in the order shown."""
    index = [m.key for m in page.context["metrics"]].index("repairs.filed")
    return [(row["school"].name, row["values"][index]) for row in page.context["rows"]]


def test_a_district_viewer_compares_their_schools_sorted_by_any_metric(client, district):
    viewer, _busy, _quiet, _outside = district
    client.force_login(viewer)
    page = client.get("/district/", {"sort": "-repairs.filed"})
    assert page.status_code == 200
    assert table(page) == [("一中", 3), ("二中", 1)]
    assert table(client.get("/district/", {"sort": "repairs.filed"})) == [("二中", 1), ("一中", 3)]
    html = page.content.decode()
    assert "外区小学" not in html and 'id="district-charts"' in html
    charts = {c["key"]: c for c in page.context["charts"]}
    assert charts["repairs.filed"]["values"] == [3, 1]
    assert charts["repairs.filed"]["schools"] == ["一中", "二中"]
    assert 'href="/district/"' in html  # the menu entry


def test_no_data_sorts_last_in_both_directions(client, district):
    viewer, busy, _quiet, _outside = district
    first = RepairRequest.objects.filter(school=busy).first()
    RepairRequest.objects.filter(pk=first.pk).update(
        status=Status.CONFIRMED, rating=4, owner=first.reporter
    )
    client.force_login(viewer)
    for sort in ("repairs.rating_mean", "-repairs.rating_mean"):
        page = client.get("/district/", {"sort": sort})
        index = [m.key for m in page.context["metrics"]].index("repairs.rating_mean")
        shown = [(row["school"].name, row["values"][index]) for row in page.context["rows"]]
        assert shown == [("一中", Decimal("4.0")), ("二中", None)], sort
    assert "—" in page.content.decode()  # no data is a dash, not 0


def test_only_district_viewers_and_superusers_compare(client, district):
    _viewer, busy, *_ = district
    client.force_login(UserFactory(school=busy, roles=[Role.PRINCIPAL]))
    assert client.get("/district/").status_code == 403
    assert 'href="/district/"' not in client.get("/").content.decode()
    client.force_login(UserFactory(school=None, is_superuser=True))
    names = {row["school"].name for row in client.get("/district/").context["rows"]}
    assert names == {"一中", "二中", "外区小学"}


@pytest.mark.parametrize("period", ["2026-13", "abc", "2999-01"])
def test_a_bad_period_is_a_clear_400(client, district, period):
    client.force_login(district[0])
    page = client.get("/district/", {"period": period})
    assert page.status_code == 400
    assert 'data-testid="district-error"' in page.content.decode()


def test_the_table_is_the_registry_s_numbers_for_a_past_month(client, district):
    viewer, busy, _quiet, _ = district
    client.force_login(viewer)
    last = Period.current_month().previous()
    page = client.get("/district/", {"period": last.code, "module": "repairs"})
    assert {m.module for m in page.context["metrics"]} == {"repairs"}
    assert table(page) == [("一中", 0), ("二中", 0)]
    assert metrics.get("repairs.filed").value(busy.pk, last) == 0


def test_the_query_count_does_not_grow_with_the_schools(client, district):
    viewer, *_ = district
    client.force_login(viewer)
    client.get("/district/")  # warm the session and the role caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/district/").status_code == 200
        return len(captured)

    two = queries()
    for _ in range(18):
        school = SchoolFactory()
        file_request(school, people(school)["teacher"])
        viewer.district_schools.add(school)
    assert queries() == two


def test_the_demo_district_has_three_schools_with_different_figures(client):
    from django.core.management import call_command

    from core.models import User

    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: still three schools, same figures
    client.force_login(User.objects.get(username="district1"))
    filed = dict(table(client.get("/district/")))
    assert len(filed) == 3 and len(set(filed.values())) == 3, filed
