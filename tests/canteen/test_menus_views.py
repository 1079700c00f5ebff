"""The menus part's pages and API: the editor's refusals, the public page, the printed menu,
the settings page, the inspector's PDF, the teacher's menu entry, to-do items and the metric."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from canteen.choices import Meal, MenuStatus
from canteen.models import CanteenSettings, MenuEntry, WeeklyMenu
from core import metrics
from core.choices import Role
from tests.canteen.factories_menus import DishFactory, WeeklyMenuFactory, a_monday, menu_with_dishes
from tests.factories import SchoolFactory, UserFactory
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return done.stdout.decode()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def cook(school):
    return UserFactory(school=school, roles=[Role.CANTEEN])


def test_the_editor_refuses_a_banned_dish_with_its_reason(school, cook):
    menu = WeeklyMenuFactory(school=school)
    beans = DishFactory(school=school, name="干煸四季豆", main_ingredients="四季豆、猪肉末")
    url = reverse("canteen:menuentry_add", args=[menu.pk])
    response = _client(cook).post(
        url, {"day": menu.week_start, "meal": Meal.LUNCH, "dish": beans.pk}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="add-error"' in page and "四季豆" in page and "皂素" in page
    assert not MenuEntry.objects.filter(menu=menu).exists()
    ok = DishFactory(school=school, name="番茄炒蛋")
    again = _client(cook).post(url, {"day": menu.week_start, "meal": Meal.LUNCH, "dish": ok.pk})
    assert again.status_code == 302 and MenuEntry.objects.filter(menu=menu).count() == 1


def test_the_api_refuses_banned_twice_and_frozen(school, cook):
    menu = WeeklyMenuFactory(school=school)
    api = _api(cook)
    url = reverse("canteen-api:menuentry-list")
    body = {"menu": menu.pk, "day": f"{menu.week_start}", "meal": "lunch"}
    banned = api.post(
        url, {**body, "dish": DishFactory(school=school, name="凉拌鲜黄花菜").pk}, format="json"
    )
    assert banned.status_code == 400 and banned.json()["code"] == "banned_dish"
    assert "秋水仙碱" in banned.json()["detail"]
    dish = DishFactory(school=school)
    assert api.post(url, {**body, "dish": dish.pk}, format="json").status_code == 201
    twice = api.post(url, {**body, "dish": dish.pk}, format="json")
    assert twice.status_code == 400 and twice.json()["code"] == "duplicate_dish"
    WeeklyMenu.objects.filter(pk=menu.pk).update(status=MenuStatus.PUBLISHED)
    entry = MenuEntry.objects.get(menu=menu)
    frozen = api.delete(reverse("canteen-api:menuentry-detail", args=[entry.pk]))
    assert frozen.status_code == 409 and frozen.json()["code"] == "menu_frozen"
    late = api.post(url, {**body, "dish": DishFactory(school=school).pk}, format="json")
    assert late.status_code == 409
    notes = api.patch(
        reverse("canteen-api:weeklymenu-detail", args=[menu.pk]), {"notes": "x"}, format="json"
    )
    assert notes.status_code == 409
    assert MenuEntry.objects.filter(menu=menu).count() == 1


def test_a_week_must_start_on_a_monday_in_the_api_and_the_page(school, cook):
    tuesday = a_monday(3) + dt.timedelta(days=1)
    response = _api(cook).post(
        reverse("canteen-api:weeklymenu-list"), {"week_start": f"{tuesday}"}, format="json"
    )
    assert response.status_code == 400
    assert f"{a_monday(3)}" in response.json()["fields"]["week_start"][0]
    page = _client(cook).post(reverse("canteen:weeklymenu_add"), {"week_start": f"{tuesday}"})
    assert page.status_code == 400 and f"{a_monday(3)}" in page.content.decode()
    assert not WeeklyMenu.objects.filter(school=school).exists()
    made = _client(cook).post(reverse("canteen:weeklymenu_add"), {"week_start": f"{a_monday(3)}"})
    assert made.status_code == 302


def test_the_public_page_shows_only_this_and_next_weeks_published_menu():
    cache.clear()
    school, other = SchoolFactory(code="hx"), SchoolFactory()
    cook = UserFactory(school=school, roles=[Role.CANTEEN], first_name="厨师", last_name="秘")
    names = {}
    for label, offset, status in [
        ("this", 0, MenuStatus.PUBLISHED),
        ("next", 1, MenuStatus.PUBLISHED),
        ("past", -1, MenuStatus.PUBLISHED),
        ("later", 2, MenuStatus.PUBLISHED),
    ]:
        menu = menu_with_dishes(
            school, status=status, week_start=a_monday(offset), submitted_by=cook, notes="内部备注"
        )
        names[label] = MenuEntry.objects.get(menu=menu).dish
    draft_next = menu_with_dishes(other, status=MenuStatus.PUBLISHED, week_start=a_monday(0))
    response = Client().get(reverse("canteen:menu_public", args=["hx"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert names["this"].name in page and names["next"].name in page
    assert names["past"].name not in page and names["later"].name not in page
    assert MenuEntry.objects.get(menu=draft_next).dish.name not in page
    assert "内部备注" not in page and "秘" not in page and "番茄、鸡蛋" not in page
    assert Client().get(reverse("canteen:menu_public", args=["nope"])).status_code == 404


def test_the_public_page_hides_drafts_and_costs_the_same_for_any_week(school):
    cache.clear()
    menu_with_dishes(school, status=MenuStatus.SUBMITTED, week_start=a_monday(0))
    url = reverse("canteen:menu_public", args=[school.code])
    page = Client().get(url)
    assert 'data-testid="no-menu"' in page.content.decode()
    WeeklyMenu.objects.filter(school=school).update(status=MenuStatus.PUBLISHED)
    few = count_queries(Client(), url)
    menu = WeeklyMenu.objects.get(school=school)
    for n in range(12):
        MenuEntry.objects.create(
            school=school,
            menu=menu,
            day=menu.week_start + dt.timedelta(days=n % 5),
            meal="lunch",
            dish=DishFactory(school=school),
        )
    assert count_queries(Client(), url) == few


def test_the_public_page_is_rate_bounded(school):
    cache.clear()
    from canteen.views import public_menus as views

    url = reverse("canteen:menu_public", args=[school.code])
    client = Client()
    codes = [client.get(url).status_code for _ in range(views.PUBLIC_RATE + 1)]
    assert codes[:-1] == [200] * views.PUBLIC_RATE and codes[-1] == 429
    cache.clear()


def test_the_printed_menu_has_the_screens_dishes(school):
    menu = menu_with_dishes(school, status=MenuStatus.PUBLISHED)
    dish = MenuEntry.objects.get(menu=menu).dish
    reader = UserFactory(school=school, roles=[Role.PRINCIPAL])
    response = _client(reader).get(reverse("canteen:weeklymenu_print", args=[menu.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert school.name in text and dish.name in text and f"{menu.week_start:%Y-%m-%d}" in text
    draft = menu_with_dishes(school)
    assert (
        _client(reader).get(reverse("canteen:weeklymenu_print", args=[draft.pk])).status_code == 302
    )


def test_the_inspectors_pdf_has_the_months_published_menus(school):
    monday = dt.date(2026, 11, 2)
    menu = menu_with_dishes(school, status=MenuStatus.PUBLISHED, week_start=monday)
    draft = menu_with_dishes(school, week_start=dt.date(2026, 11, 9))
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    url = reverse("canteen:inspection_pdf")
    assert _client(director).get(url).status_code == 200  # the month picker
    response = _client(director).get(url, {"month": "2026-11"})
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert MenuEntry.objects.get(menu=menu).dish.name in text
    assert MenuEntry.objects.get(menu=draft).dish.name not in text
    assert _client(director).get(url, {"month": "2026-13"}).status_code == 400
    cook = UserFactory(school=school, roles=[Role.CANTEEN])
    assert _client(cook).get(url).status_code == 403
    viewer = UserFactory(school=None, roles=[Role.DISTRICT])
    viewer.district_schools.add(school)
    assert _client(viewer).get(url, {"month": "2026-11"})["Content-Type"] == "application/pdf"


def test_settings_are_edited_by_the_director_and_read_by_the_kitchen(school, cook):
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    url = reverse("canteen:settings")
    data = {
        "serves_breakfast": "on",
        "serves_lunch": "on",
        "serves_dinner": "on",
        "breakfast_at": "07:00",
        "lunch_at": "11:30",
        "dinner_at": "17:20",
        "sample_min_grams": 150,
        "sample_check_after_minutes": 60,
        "shelf_life_max_share": "0.50",
    }
    assert _client(director).post(url, data).status_code == 302
    row = CanteenSettings.objects.get(school=school)
    assert row.serves_dinner and row.sample_min_grams == 150
    too_light = _client(director).post(url, {**data, "sample_min_grams": 100})
    assert too_light.status_code == 400
    assert CanteenSettings.objects.get(school=school).sample_min_grams == 150
    read = _client(cook).get(url)
    assert read.status_code == 200 and 'data-testid="settings-values"' in read.content.decode()
    assert _client(cook).post(url, data).status_code == 403
    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    assert _client(teacher).get(url).status_code == 403


def test_a_teachers_menu_entry_opens_the_public_page(school):
    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    client = _client(teacher)
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("canteen:menu_mine") in home
    response = client.get(reverse("canteen:menu_mine"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "canteen:menu_public", args=[school.code]
    )
    assert client.get(reverse("canteen:weeklymenu_list")).status_code == 403


def test_todo_counts_are_the_rows_of_their_links(school, cook):
    from core import todo

    menu_with_dishes(school, week_start=a_monday(0))
    menu_with_dishes(school, status=MenuStatus.SUBMITTED, week_start=a_monday(2), submitted_by=cook)
    items = {i["key"]: i for i in todo.todo_for(cook)}
    assert items["canteen.next_week_menu"]["count"] == 1
    assert items["canteen.menus_draft"]["count"] == 1
    listed = _client(cook).get(items["canteen.menus_draft"]["link"]).context["rows"]
    assert len(listed) == 1
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    mine = {i["key"]: i for i in todo.todo_for(director)}
    assert mine["canteen.menus_to_approve"]["count"] == 1
    assert len(_client(director).get(mine["canteen.menus_to_approve"]["link"]).context["rows"]) == 1
    WeeklyMenuFactory(school=school, week_start=a_monday(1))
    assert {i["key"]: i for i in todo.todo_for(cook)}["canteen.next_week_menu"]["count"] == 0


def test_menus_published_on_time_metric(school, other_school):
    metric = metrics.get("canteen.menus_on_time")
    period = metrics.Period.month(2026, 11)
    before = timezone.make_aware(dt.datetime(2026, 10, 30, 9))
    for monday, published in [
        (dt.date(2026, 11, 2), before),
        (dt.date(2026, 11, 9), timezone.make_aware(dt.datetime(2026, 11, 9, 8))),  # late
        (dt.date(2026, 11, 16), None),  # never published
        (dt.date(2026, 11, 23), before),
    ]:
        status = MenuStatus.PUBLISHED if published else MenuStatus.DRAFT
        menu_with_dishes(school, status=status, week_start=monday, published_at=published)
    third = SchoolFactory()
    values = metric.compute([school.pk, other_school.pk, third.pk], period)
    assert values == {school.pk: metrics.rate(2, 4)}  # the others: no data, not 0
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    rows = _client(director).get(metric.link(period)).context["rows"]
    assert len(rows) == 2


def test_the_metric_costs_one_query_for_any_number_of_schools():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    metric = metrics.get("canteen.menus_on_time")
    period = metrics.Period.month(2026, 11)
    schools = [SchoolFactory() for _ in range(20)]
    for school in schools[:3]:
        menu_with_dishes(school, status=MenuStatus.PUBLISHED, week_start=dt.date(2026, 11, 2))
    counts = []
    for group in (schools[:1], schools[:2], schools):
        with CaptureQueriesContext(connection) as captured:
            metric.compute([s.pk for s in group], period)
        counts.append(len(captured))
    assert counts == [1, 1, 1]


def test_menu_dishes_of_another_school_or_by_a_reader_are_refused(school, other_school, cook):
    menu = WeeklyMenuFactory(school=other_school)
    url = reverse("canteen-api:menuentry-list")
    body = {"menu": menu.pk, "day": f"{menu.week_start}", "meal": "lunch"}
    theirs = _api(cook).post(
        url, {**body, "dish": DishFactory(school=other_school).pk}, format="json"
    )
    assert theirs.status_code == 400 and "menu" in theirs.json()["fields"]
    mine = WeeklyMenuFactory(school=school)
    principal = UserFactory(school=school, roles=[Role.PRINCIPAL])
    read_only = _api(principal).post(
        url, {**body, "menu": mine.pk, "dish": DishFactory(school=school).pk}, format="json"
    )
    assert read_only.status_code == 403
    teacher = UserFactory(school=school, roles=[Role.TEACHER])
    assert _api(teacher).get(url).status_code == 403
    assert not MenuEntry.objects.exists()
