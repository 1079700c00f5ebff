"""Simplified Chinese by default, whatever the browser says; English when the user picks it."""

import pytest


@pytest.mark.django_db
def test_chinese_by_default_even_for_an_english_browser(client, make_user):
    client.force_login(make_user("teacher"))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "我要报修" in page


@pytest.mark.django_db
def test_the_footer_switch_turns_english_on_and_off(client, make_user):
    client.force_login(make_user("teacher"))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Report a repair" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "我要报修" in client.get("/").content.decode()


@pytest.mark.django_db
def test_an_unknown_language_cookie_falls_back_to_chinese(client, make_user, settings):
    client.force_login(make_user("teacher"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "klingon"
    assert "我要报修" in client.get("/").content.decode()


@pytest.mark.django_db
def test_error_pages_speak_chinese(client, make_user):
    client.force_login(make_user("teacher"))
    missing = client.get("/places/rooms/424242/")
    assert missing.status_code == 404
    assert "此页面不存在" in missing.content.decode()
    forbidden = client.get("/places/rooms/add/")
    assert forbidden.status_code == 403
    assert "无权打开此页面" in forbidden.content.decode()
