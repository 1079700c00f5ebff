"""Lists: filters, sorting, paging and a constant number of queries whatever the row count."""

import pytest

from tests.factories import BuildingFactory, RoomFactory
from tests.helpers import count_queries


def rooms(school, count, **kwargs):
    building = kwargs.pop("building", None) or BuildingFactory(school=school, campus__school=school)
    return [RoomFactory(school=school, building=building, **kwargs) for _ in range(count)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/places/rooms/", "/api/v1/core/rooms/", "/places/buildings/", "/api/v1/core/buildings/"],
)
def test_list_queries_do_not_grow_with_rows(client, school, make_user, url):
    client.force_login(make_user("logistics"))
    rooms(school, 3)
    few = count_queries(client, url)
    for _ in range(4):
        rooms(school, 15)
    many = count_queries(client, url)
    assert many == few
    assert few <= 10


@pytest.mark.django_db
def test_filter_sort_and_page(client, school, make_user):
    client.force_login(make_user("logistics"))
    north = BuildingFactory(school=school, campus__school=school, name="北楼")
    south = BuildingFactory(school=school, campus__school=school, name="南楼")
    rooms(school, 3, building=north)
    rooms(school, 60, building=south)
    response = client.get("/places/rooms/", {"building": north.pk})
    assert len(response.context["rows"]) == 3
    first = client.get("/places/rooms/", {"building": south.pk, "sort": "-code"})
    codes = [values[1] for _pk, values in first.context["rows"]]
    assert codes == sorted(codes, reverse=True)
    assert len(codes) == 50
    second = client.get("/places/rooms/", {"building": south.pk, "page": 2})
    assert len(second.context["rows"]) == 10
    assert "page=2" in first.content.decode()


@pytest.mark.django_db
def test_text_search(client, school, make_user):
    client.force_login(make_user("teacher"))
    rooms(school, 2)
    rooms(school, 1, name="科学实验室")
    response = client.get("/places/rooms/", {"q": "实验"})
    assert [values[2] for _pk, values in response.context["rows"]] == ["科学实验室"]


@pytest.mark.django_db
def test_bad_filter_values_are_a_400_with_a_message(client, school, make_user, other_school):
    client.force_login(make_user("logistics"))
    theirs = BuildingFactory(school=other_school, campus__school=other_school)
    html = client.get("/places/rooms/", {"building": "abc"})
    assert html.status_code == 400
    assert "filter" in html.content.decode().lower() or "筛选" in html.content.decode()
    api = client.get("/api/v1/core/rooms/", {"building": theirs.pk})
    assert api.status_code == 400
    assert "building" in api.json()["fields"]
    assert client.get("/api/v1/core/rooms/", {"room_type": "castle"}).status_code == 400


@pytest.mark.django_db
def test_archived_rooms_leave_the_list_but_stay_reachable(client, school, make_user):
    client.force_login(make_user("logistics"))
    kept, gone = rooms(school, 2)
    assert client.post(f"/places/rooms/{gone.pk}/delete/").status_code == 302
    listed = {pk for pk, _ in client.get("/places/rooms/").context["rows"]}
    assert listed == {kept.pk}
    archived = {pk for pk, _ in client.get("/places/rooms/?archived=true").context["rows"]}
    assert archived == {gone.pk}
    assert client.get(f"/places/rooms/{gone.pk}/").status_code == 200
