"""The menu: each role's daily entries first, the rest folded under "all modules"."""

from __future__ import annotations

import pytest

from core.choices import Role
from core.navigation import daily_entries, menu_for


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "first"),
    [
        (Role.TEACHER, ["我要报修", "我的报修"]),
        (Role.WORKER, ["我的维修任务"]),
        (Role.PRINCIPAL, ["数据看板"]),
    ],
)
def test_each_role_sees_a_handful_of_daily_entries_first(make_user, role, first):
    from django.utils import translation

    user = make_user(role)
    with translation.override("zh-hans"):
        daily = [str(item["label"]) for item in daily_entries(menu_for(user))]
    assert 1 <= len(daily) <= 6
    assert daily[: len(first)] == first


@pytest.mark.django_db
def test_the_dashboard_entry_is_for_the_leadership_only(make_user):
    def urls(user):
        return {item["url"] for group in menu_for(user) for item in group["items"]}

    assert "/dashboard/" in urls(make_user(Role.PRINCIPAL))
    assert "/dashboard/" not in urls(make_user(Role.TEACHER))
    assert "/dashboard/" not in urls(make_user(Role.LOGISTICS))


@pytest.mark.django_db
def test_a_teachers_page_shows_the_daily_entries_and_folds_the_rest(client, make_user):
    client.force_login(make_user(Role.TEACHER))
    page = client.get("/").content.decode()
    daily = page.split('data-testid="nav-daily"', 1)[1].split("</div>", 1)[0]
    assert daily.count("<a ") <= 6
    assert page.index('data-testid="nav-daily"') < page.index("data-nav-more")
