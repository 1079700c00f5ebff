"""Logging in and out, password change, throttled failures, CSRF, tokens, error pages."""

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import RoomFactory


@pytest.mark.django_db
def test_login_lands_on_home_and_logout(client, make_user):
    make_user("teacher", username="liufang")
    response = client.post("/accounts/login/", {"username": "liufang", "password": "pw-for-tests"})
    assert response.status_code == 302 and response.url == "/"
    home = client.get("/")
    assert 'data-testid="report-repair"' in home.content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_wrong_password_is_a_clear_message(client, make_user):
    make_user("teacher", username="liufang")
    response = client.post("/accounts/login/", {"username": "liufang", "password": "nope"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_login(client, make_user, settings):
    make_user("teacher", username="liufang")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "liufang", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "liufang", "password": "pw-for-tests"})
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    assert client.get("/").status_code == 302  # still not logged in


@pytest.mark.django_db
def test_password_change(client, make_user):
    user = make_user("teacher")
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": "pw-for-tests",
            "new_password1": "Xin-mima-2026!",
            "new_password2": "Xin-mima-2026!",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Xin-mima-2026!")


@pytest.mark.django_db
def test_forged_csrf_token_is_refused_and_changes_nothing(make_user, school):
    room = RoomFactory(school=school, building__school=school, building__campus__school=school)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("logistics"))
    response = strict.post(f"/places/rooms/{room.pk}/delete/", {"csrfmiddlewaretoken": "forged"})
    assert response.status_code == 403
    assert "<h1>403</h1>" in response.content.decode()
    room.refresh_from_db()
    assert room.archived_at is None


@pytest.mark.django_db
def test_token_authentication_and_drf_create_token(make_user):
    user = make_user("logistics", username="api-user")
    call_command("drf_create_token", "api-user")
    token = Token.objects.get(user=user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/core/rooms/").status_code == 200
    assert Client(HTTP_AUTHORIZATION="Token wrong").get("/api/v1/core/rooms/").status_code == 401


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get("/places/rooms/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.get("/api/v1/core/rooms/").status_code == 401


@pytest.mark.django_db
def test_not_found_page_is_friendly(client, make_user):
    client.force_login(make_user("teacher"))
    response = client.get("/places/rooms/999999/")
    assert response.status_code == 404
    assert "<h1>404</h1>" in response.content.decode()


@pytest.mark.django_db
def test_api_docs_and_schema(client, make_user):
    client.force_login(make_user("admin"))
    assert client.get("/api/docs/").status_code == 200
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/core/rooms/" in schema.content


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
