"""The list's drop-downs and the bell come from the cache (core.querycache), never stale: a new or
changed row shows on the next page, schools never share an entry, and a page reads fewer queries,
as many for few rows as for many. These tests commit (transaction=True), as a real request does."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from core import querycache, services
from core.models import Building
from tests.conftest import require_service
from tests.factories import BuildingFactory, RoomFactory

pytestmark = pytest.mark.django_db(transaction=True)

DROP_DOWN_TABLES = ("core_building", "core_room", "core_schoolclass", "assets_assetcategory")


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r"<option [^>]*>([^<]*)</option>", select.group(1))


def page(client, url="/assets/assets/") -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured]


def reads_drop_downs(queries: list[str]) -> list[str]:
    return [q for q in queries if re.match(rf'SELECT .* FROM "({"|".join(DROP_DOWN_TABLES)})"', q)]


@pytest.fixture
def ledger(client, school, make_user):
    client.force_login(make_user("logistics"))
    north = BuildingFactory(school=school, campus__school=school, name="北楼")
    RoomFactory(school=school, building=north, name="科学室")
    return client


def test_a_second_page_reads_no_drop_down_and_fewer_queries(ledger):
    _html, cold = page(ledger)
    html, warm = page(ledger)
    assert len(reads_drop_downs(cold)) >= 3  # building, room, class, category drop-downs
    assert reads_drop_downs(warm) == []
    assert len(warm) <= len(cold) - 4  # the drop-downs and the unread count
    assert "北楼" in options(html, "building")


def test_the_warm_query_count_is_the_same_for_few_and_many_rows(ledger, school):
    page(ledger)
    _html, few = page(ledger)
    for _ in range(30):  # more buildings and rooms: the drop-downs are read once, then kept
        RoomFactory(school=school, building__school=school, building__campus__school=school)
    page(ledger)
    html, many = page(ledger)
    assert len(many) == len(few)
    assert len(options(html, "room")) == 1 + 31


def test_a_new_building_or_room_shows_at_once(ledger, school):
    html, _q = page(ledger)
    assert "南楼" not in options(html, "building")
    south = BuildingFactory(school=school, campus__school=school, name="南楼")
    html, _q = page(ledger)
    assert "南楼" in options(html, "building")
    RoomFactory(school=school, building=south, name="音乐室")
    html, _q = page(ledger)
    assert any("音乐室" in label for label in options(html, "room"))


def test_a_renamed_building_shows_renamed_in_its_rooms_too(ledger, school):
    page(ledger)
    Building.objects.filter(school=school).update(name="东楼")  # a bulk write, no signal
    html, _q = page(ledger)
    assert options(html, "building")[1:] == ["东楼"]
    assert any(label.startswith("东楼 ") for label in options(html, "room"))  # its label


def test_a_deleted_person_disappears_from_the_custodians(ledger, make_user):
    leaver = make_user("teacher", last_name="离", first_name="职")
    html, _q = page(ledger)
    assert "离职" in options(html, "custodian")
    leaver.delete()
    html, _q = page(ledger)
    assert "离职" not in options(html, "custodian")


def test_schools_never_share_cached_choices(client, school, other_school, make_user):
    BuildingFactory(school=school, campus__school=school, name="本校楼")
    BuildingFactory(school=other_school, campus__school=other_school, name="别校楼")
    client.force_login(make_user("logistics"))
    page(client)
    html, _q = page(client)
    assert options(html, "building")[1:] == ["本校楼"]
    client.force_login(make_user("logistics", school_=other_school))
    html, _q = page(client)
    assert options(html, "building")[1:] == ["别校楼"]


def test_an_uncommitted_row_is_never_kept(ledger, school):
    page(ledger)
    with pytest.raises(RuntimeError), transaction.atomic():
        BuildingFactory(school=school, campus__school=school, name="未提交楼")
        html, _q = page(ledger)  # the transaction sees its own row...
        assert "未提交楼" in options(html, "building")
        raise RuntimeError("rolled back")
    html, _q = page(ledger)  # ...nobody sees it once rolled back
    assert "未提交楼" not in options(html, "building")


def bell(client) -> int:
    html, _q = page(client)
    found = re.search(r'data-testid="unread-count">(\d+)<', html)
    return int(found.group(1)) if found else 0


def test_the_bell_counts_a_new_notification_and_a_read_one_at_once(client, school, make_user):
    user = make_user("logistics")
    client.force_login(user)
    assert bell(client) == 0
    assert bell(client) == 0  # kept
    services.notify(recipients=[user], school=school, title="新的报修", email=False)
    assert bell(client) == 1
    services.notifications_mark_read(user=user)
    assert bell(client) == 0


UNREACHABLE = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
    "OPTIONS": {"socket_connect_timeout": 0.2},
}


@override_settings(CACHES={"default": UNREACHABLE})
def test_an_unreachable_cache_costs_the_queries_not_the_page(ledger, school):
    html, queries = page(ledger)
    assert "北楼" in options(html, "building")
    assert reads_drop_downs(queries)
    BuildingFactory(school=school, campus__school=school, name="西楼")  # retiring fails: logged
    html, _q = page(ledger)
    assert "西楼" in options(html, "building")


def test_with_redis_workers_share_entries_and_tokens(ledger, school):
    import os

    url = os.environ.get("REDIS_URL")
    if not url:
        require_service("the shared cache needs Redis (set REDIS_URL)")
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    with override_settings(CACHES={"default": {**redis, "KEY_PREFIX": "querycache-test"}}):
        querycache.forget_all()
        page(ledger)
        html, warm = page(ledger)
        assert reads_drop_downs(warm) == []
        BuildingFactory(school=school, campus__school=school, name="新楼")
        html, _q = page(ledger)
        assert "新楼" in options(html, "building")
