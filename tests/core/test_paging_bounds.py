"""A search with an absurd page number is "no such page" (404), not a database overflow (500)."""

import pytest

from core.choices import Role


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/safety/hazards/", "/api/v1/canteen/disinfection/"])
def test_a_huge_page_of_a_search_is_not_a_server_error(client, make_user, url):
    client.force_login(make_user(Role.DIRECTOR))
    response = client.get(url, {"q": "x", "page": "126837377393525648908049448960"})
    assert response.status_code == 404
