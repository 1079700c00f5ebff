"""Text search (?q=): the same rows on the list, the API and the export; indexed on PostgreSQL;
a search matching many rows is counted only up to a cap (core.paging)."""

import io

import pytest
from django.db import connection
from openpyxl import load_workbook
from rest_framework.test import APIClient

from assets.filters import AssetFilterSet
from assets.models import Asset
from core import paging
from core.choices import Role
from core.search import search
from tests.assets.factories import AssetFactory, CategoryFactory
from tests.conftest import require_service

pytestmark = pytest.mark.django_db

NAMES = ["立式钢琴", "三角钢琴", "电子白板", "钢制书架", "琴凳"]


@pytest.fixture
def assets(school):
    category = CategoryFactory(school=school)
    return {name: AssetFactory(school=school, category=category, name=name) for name in NAMES}


@pytest.fixture
def logistics(make_user):
    return make_user(Role.LOGISTICS)


def listed(client, term):
    response = client.get("/assets/assets/", {"q": term})
    assert response.status_code == 200
    return {values[1] for _pk, values in response.context["rows"]}


def from_api(user, term):
    api = APIClient()
    api.force_authenticate(user)
    response = api.get("/api/v1/assets/assets/", {"q": term})
    assert response.status_code == 200, response.content
    return {row["name"] for row in response.json()["results"]}


def exported(client, term):
    response = client.get("/assets/assets/", {"q": term, "export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("钢琴", {"立式钢琴", "三角钢琴"}),  # two characters: the per-character index
        ("琴", {"立式钢琴", "三角钢琴", "琴凳"}),  # one character
        ("立式钢琴", {"立式钢琴"}),  # three or more: the trigram index
        ("电子白", {"电子白板"}),
        (" 白板 ", {"电子白板"}),  # surrounding spaces do not count
        ("琴钢", set()),  # characters in that order only
    ],
)
def test_search_finds_the_same_rows_on_list_api_and_export(
    client, logistics, assets, term, expected
):
    client.force_login(logistics)
    assert listed(client, term) == expected
    assert from_api(logistics, term) == expected
    assert exported(client, term) == expected


def test_search_reads_every_searched_field_and_not_across_fields(school, assets):
    AssetFactory(school=school, name="投影仪", brand="爱普生", spec="CB-X06")
    queryset = Asset.objects.filter(school=school)
    fields = AssetFilterSet.search_fields
    assert set(
        search(queryset, fields, indexed=True, value="爱普生").values_list("name", flat=True)
    ) == {"投影仪"}
    assert set(
        search(queryset, fields, indexed=True, value="cb-x0").values_list("name", flat=True)
    ) == {"投影仪"}
    # name + brand would read "投影仪爱普生" if the fields were simply glued together
    assert not search(queryset, fields, indexed=True, value="仪爱").exists()


@pytest.mark.parametrize(("term", "index"), [("立式钢琴", "text"), ("钢琴", "chars")])
def test_postgresql_search_uses_the_trigram_index(school, assets, term, index):
    if connection.vendor != "postgresql":
        require_service("the trigram index is PostgreSQL's (DATABASE_URL=postgres://...)")
    # Only the search condition (no school filter, no order): no other index could serve it.
    queryset = search(Asset.objects.order_by(), AssetFilterSet.search_fields, term, indexed=True)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert f"assets_asset_search_{index}" in plan, plan


def test_many_matches_are_counted_up_to_a_cap_then_estimated(
    client, logistics, assets, school, monkeypatch
):
    """Beyond the cap the page says "about N rows"; "next" still leads to a full page."""
    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    api = APIClient()
    api.force_authenticate(logistics)
    body = api.get("/api/v1/assets/assets/", {"q": "琴", "page_size": 1}).json()
    assert len(body["results"]) == 1
    assert body["next"]
    if connection.vendor == "postgresql":
        assert body["count_estimated"] is True
        assert body["count"] >= 3  # counted past the cap, then the planner's estimate
    else:  # SQLite has no estimate: the exact count
        assert body["count_estimated"] is False
        assert body["count"] == 3
    exact = api.get("/api/v1/assets/assets/", {"q": "白板", "page_size": 1}).json()
    assert (exact["count"], exact["count_estimated"]) == (1, False)
    client.force_login(logistics)
    page = client.get("/assets/assets/", {"q": "琴"})
    assert page.context["page"].paginator.count == 3  # 3 rows: within the one-page margin
