"""The principal's dashboard: figures of the metric registry, periods, schools, query count."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import metrics
from core.choices import Role
from core.models import Room
from tests.factories import BuildingFactory, RoomFactory, SchoolFactory, TermFactory

ROOMS = "core.test_rooms"


def _rooms(school_ids, period):
    return metrics.count_by_school(Room.objects.filter(school_id__in=school_ids), school_ids)


def _rooms_by_building(school_id, period):
    rows = (
        Room.objects.filter(school_id=school_id)
        .values_list("building__name", "building_id")
        .annotate(n=Count("pk"))
        .order_by("building__name")
    )
    return [(name, n, reverse("core:room_list") + f"?building={pk}") for name, pk, n in rows]


TEST_METRICS = [
    metrics.Metric(
        ROOMS,
        "Rooms",
        "rooms",
        metrics.HIGHER,
        "core",
        _rooms,
        link=lambda period: reverse("core:room_list"),
        model="core.Room",
        breakdowns=(("building", "By building", _rooms_by_building),),
    ),
    # A rate with nothing to divide: "no data", never 0.
    metrics.Metric(
        "core.test_nodata", "Nothing measured", "%", metrics.HIGHER, "core", lambda i, p: {}
    ),
    metrics.Metric(
        "core.test_zero",
        "Rooms of type office",
        "rooms",
        metrics.LOWER,
        "core",
        lambda ids, p: metrics.count_by_school(Room.objects.filter(room_type="none"), ids),
    ),
]


@pytest.fixture
def test_metrics():
    metrics.register(*TEST_METRICS)
    yield TEST_METRICS
    for metric in TEST_METRICS:
        metrics._REGISTRY.pop(metric.key, None)


def _rooms_in(school, n):
    for building in BuildingFactory.create_batch(2, campus__school=school):
        RoomFactory.create_batch(n, building=building)


@pytest.mark.django_db
def test_the_principal_sees_figures_by_module_with_no_data_distinct_from_zero(
    client, make_user, school, test_metrics
):
    _rooms_in(school, 2)
    client.force_login(make_user(Role.PRINCIPAL))
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="module-core"' in page
    assert 'data-testid="value-core-test_rooms">4<' in page
    assert 'data-testid="value-core-test_nodata" title="暂无数据">—<' in page
    assert 'data-testid="value-core-test_zero">0<' in page
    assert f'href="{reverse("core:room_list")}" data-testid="figure-link-core-test_rooms"' in page
    assert "?building=" in page  # each bar's list, in the chart data and the table under it
    assert 'id="dashboard-data"' in page and "/static/vendor/echarts/5.6.0/echarts.min.js" in page


@pytest.mark.django_db
def test_a_figure_is_marked_good_or_bad_by_its_direction(client, make_user, test_metrics):
    from core.views.dashboard import _change

    rooms, zero = test_metrics[0], test_metrics[2]
    assert _change(rooms, 5, 3)["mark"] == "good"  # more rooms: higher is better
    assert _change(zero, 5, 3)["mark"] == "bad"  # lower is better
    assert _change(zero, 3, 3)["mark"] == "same"
    assert _change(rooms, None, 3) is None


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_rows(client, make_user, school, test_metrics):
    client.force_login(make_user(Role.PRINCIPAL))
    _rooms_in(school, 1)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("core:dashboard")).status_code == 200
    _rooms_in(school, 30)
    BuildingFactory.create_batch(5, campus__school=school)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("core:dashboard")).status_code == 200
    assert len(many) == len(few)
    # Every registered metric (27 with assets, repairs and safety): value and last period (not
    # for a figure of today), a trend only where it is one grouped query, one query per
    # breakdown; repairs' counts, rates and medians share one read. 422 before, then 66, then 47;
    # the canteen's figures (menus, samples, acceptance, hygiene) add 39 (86); finance's and
    # planning's (budget, requests, orders, payments, plans, calendar, surveys) 25 (111).
    assert len(few) < 120, len(few)


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["2999-01", "2026-13", "abc", "term-999999"])
def test_a_bad_or_future_period_is_refused_in_chinese_and_the_month_shown(
    client, make_user, period
):
    client.force_login(make_user(Role.PRINCIPAL))
    response = client.get(reverse("core:dashboard"), {"period": period})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="period-error"' in page and "显示的是本月" in page
    assert 'data-testid="module-' in page or 'data-testid="no-figures"' in page


@pytest.mark.django_db
def test_a_term_a_year_and_a_month_can_be_chosen(client, make_user, school):
    term = TermFactory(school=school, name="2025学年第一学期", start="2025-09-01", end="2026-01-20")
    client.force_login(make_user(Role.PRINCIPAL))
    for period, shown in [
        (f"term-{term.pk}", "2025-09-01 – 2026-01-21"),
        ("2025", "2025-01-01 – 2026-01-01"),
        ("2025-11", "2025-11-01 – 2025-12-01"),
    ]:
        response = client.get(reverse("core:dashboard"), {"period": period})
        assert response.status_code == 200
        assert shown in response.content.decode()


@pytest.mark.django_db
def test_a_teacher_may_not_open_the_dashboard(client, make_user):
    client.force_login(make_user(Role.TEACHER))
    assert client.get(reverse("core:dashboard")).status_code == 403


@pytest.mark.django_db
def test_a_district_viewer_reads_one_of_their_schools_and_not_another(
    client, make_user, school, test_metrics
):
    theirs, other = SchoolFactory(), SchoolFactory()
    _rooms_in(theirs, 3)
    viewer = make_user(Role.DISTRICT, school_=None)
    viewer.school = None
    viewer.save()
    viewer.district_schools.add(theirs)
    client.force_login(viewer)
    response = client.get(reverse("core:dashboard"), {"school": theirs.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="value-core-test_rooms">6<' in page and "只读" in page
    assert 'data-testid="figure-link-' not in page  # the lists behind are the school's own
    assert client.get(reverse("core:dashboard"), {"school": other.pk}).status_code == 404
    assert client.get(reverse("core:dashboard"), {"school": "x"}).status_code == 404


@pytest.mark.django_db
def test_echarts_is_served_by_the_app_and_the_page_names_no_outside_host(
    client, make_user, test_metrics
):
    client.force_login(make_user(Role.PRINCIPAL))
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "https://" not in page and "http://" not in page.replace("http://testserver", "")
    assert "//cdn" not in page
    from django.contrib.staticfiles import finders

    found = finders.find("vendor/echarts/5.6.0/echarts.min.js")
    assert found and "Apache" in Path(found).read_text(encoding="utf-8")[:2000]
    assert finders.find("vendor/echarts/5.6.0/LICENSE")
