"""Malformed ids and bodies on the asset actions answer 4xx, never 500, and change nothing."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from assets import services
from assets.choices import StocktakeResult
from assets.models import AssetMovement, Consumable, StocktakeLine
from tests.assets.factories import AssetFactory, ConsumableFactory, room_of

ACTIONS = [
    "assets/assets/{}/dispose/",
    "assets/assets/{}/issue/",
    "assets/assets/{}/lend/",
    "assets/assets/{}/return/",
    "assets/assets/{}/transfer/",
    "assets/consumables/{}/issue/",
    "assets/consumables/{}/stock-in/",
    "assets/stocktakes/{}/confirm/",
    "assets/stocktakes/{}/mark/",
    # Every viewset shares the rule (core.api.base.ScopedViewSet).
    "assets/assets/{}/",
    "core/rooms/{}/",
    "repairs/requests/{}/accept/",
    "safety/hazards/{}/",
]
BAD_IDS = ["abc", "1.5", "-1", "1e3", "%F0%9F%98%80", "%00", "2026-01-01"]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ACTIONS)
def test_a_non_numeric_id_is_not_found(director, path):
    client = api(director)
    for bad in BAD_IDS:
        url = "/api/v1/" + path.format(bad)
        answer = client.post(url, {}, format="json")
        assert answer.status_code == 404, (url, answer.status_code)
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_malformed_bodies_of_the_asset_actions_are_refused(school, director, categories):
    asset = AssetFactory(school=school, category=categories["2101"])
    item = ConsumableFactory(school=school)
    room = room_of(school)
    stocktake = services.stocktake_start(
        school=school, actor=director, title="期末盘点", rooms=[room]
    )
    client = api(director)
    bad_bodies = {
        f"/api/v1/assets/assets/{asset.pk}/transfer/": [{"to_room": "abc"}, {"to_class": "x"}],
        f"/api/v1/assets/assets/{asset.pk}/lend/": [{"due_date": "0000-00-00"}],
        f"/api/v1/assets/consumables/{item.pk}/issue/": [
            {"quantity": "abc"},
            {"quantity": "NaN"},
            {"quantity": "1e400"},
            {"quantity": "99999999999999999999"},
        ],
        f"/api/v1/assets/stocktakes/{stocktake.pk}/mark/": [
            {"line": "abc", "result": "found"},
            {"room": "abc"},
            {"room": "2026-01-01"},
            {},
        ],
    }
    for url, bodies in bad_bodies.items():
        for body in bodies:
            answer = client.post(url, body, format="json")
            assert answer.status_code == 400, (url, body, answer.status_code)
    assert not AssetMovement.objects.exists()
    assert Consumable.objects.get(pk=item.pk).quantity_on_hand == item.quantity_on_hand
    lines = StocktakeLine.objects.filter(stocktake=stocktake)
    assert set(lines.values_list("result", flat=True)) <= {StocktakeResult.PENDING}
