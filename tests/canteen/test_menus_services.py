"""The banned-food match, the national seed and the weekly menu's rules (issue 11, point 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from canteen.banned_foods import NATIONAL_BANNED_FOODS
from canteen.choices import Meal, MenuStatus
from canteen.models import BannedFood, CanteenSettings, MenuEntry, WeeklyMenu
from canteen.services import menus as services
from core.choices import Role
from core.workflow import TransitionRefused
from tests.canteen.factories_menus import DishFactory, WeeklyMenuFactory, menu_with_dishes
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def _match(school, name, ingredients=""):
    return services.banned_match(
        name=name, main_ingredients=ingredients, banned=services.active_banned_foods(school.pk)
    )


def test_a_new_school_gets_the_national_list_once():
    school = SchoolFactory()
    rows = BannedFood.objects.filter(school=school)
    assert sorted(rows.values_list("name", flat=True)) == sorted(
        n for n, _k, _r in NATIONAL_BANNED_FOODS
    )
    assert set(rows.values_list("national", flat=True)) == {True}
    rows.filter(name="四季豆").update(reason="本省规定")
    assert services.banned_foods_seed(school_ids=[school.pk]) == 0
    assert rows.count() == 7 and rows.get(name="四季豆").reason == "本省规定"


@pytest.mark.parametrize(
    ("name", "ingredients", "banned", "in_name"),
    [
        ("凉拌四季豆", "四季豆、蒜", "四季豆", True),
        ("干煸豆角", "", "四季豆", True),
        ("肉末炒时蔬", "猪肉，四季豆", "四季豆", False),
        ("四　季　豆炒肉", "", "四季豆", True),  # full-width spaces
        ("清炒时蔬", "猪肉;  四 季 豆", "四季豆", False),
        ("奶油裱花蛋糕", "", "裱花蛋糕", True),
        ("野生菌汤", "", "野生蘑菇", True),
        ("红烧肉", "猪肉、发芽土豆", "发芽土豆", False),
        ("卤味拼盘", "", "冷荤类", True),
        ("三文鱼刺身", "", "生食类", True),
        ("黄花菜炒蛋", "鲜黄花菜、鸡蛋", "鲜黄花菜", False),
    ],
)
def test_a_dish_matching_a_banned_food_is_found_with_its_reason(name, ingredients, banned, in_name):
    school = SchoolFactory()
    found = _match(school, name, ingredients)
    assert found is not None and found.banned.name == banned and found.in_name is in_name
    assert found.banned.reason in found.message(name) and name in found.message(name)


@pytest.mark.parametrize(
    ("name", "ingredients"),
    [
        ("青菜豆腐汤", "青菜、豆腐"),  # 菜豆 across a word boundary: not green beans
        ("菜豆腐", "黄豆、青菜"),  # the exception "-菜豆腐"
        ("番茄炒蛋", "番茄、鸡蛋"),
        ("土豆烧牛肉", "土豆、牛肉"),  # potatoes are fine; sprouted ones are not
        ("香菇青菜", "香菇，青菜"),  # cultivated mushrooms are fine
        ("干黄花菜烧肉", "干黄花菜、猪肉"),  # dried daylily is fine
        ("清炒时蔬", "青菜，豆芽"),  # ingredients never join: 菜 + 豆芽 is not 菜豆
    ],
)
def test_ordinary_dishes_are_not_matched(name, ingredients):
    assert _match(SchoolFactory(), name, ingredients) is None


def test_an_archived_banned_food_no_longer_applies_and_a_provinces_own_does():
    school = SchoolFactory()
    BannedFood.objects.filter(school=school, name="四季豆").update(
        archived_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    assert _match(school, "凉拌四季豆") is None
    BannedFood.objects.create(school=school, name="河豚", keywords="河豚,河鲀", reason="含河豚毒素")
    assert _match(school, "红烧河鲀").banned.name == "河豚"


def test_normalise_folds_width_case_and_separators():
    assert services.normalise("ＡＢ　四季豆。") == "ab四季豆"
    assert services.ingredients("猪肉、四 季豆，蒜;葱／姜") == ["猪肉", "四季豆", "蒜", "葱", "姜"]


def test_a_week_starts_on_a_monday_with_a_clear_message():
    school = SchoolFactory()
    actor = UserFactory(school=school, roles=[Role.CANTEEN])
    with pytest.raises(ValidationError) as refused:
        services.menu_create(school=school, week_start=dt.date(2026, 12, 9), actor=actor)
    assert "2026-12-07" in refused.value.messages[0]
    assert not WeeklyMenu.objects.filter(school=school).exists()
    menu = services.menu_create(school=school, week_start=dt.date(2026, 12, 7), actor=actor)
    assert menu.status == MenuStatus.DRAFT
    with pytest.raises(ValidationError):
        services.menu_create(school=school, week_start=dt.date(2026, 12, 7), actor=actor)


def _draft(school):
    return WeeklyMenuFactory(school=school), UserFactory(school=school, roles=[Role.CANTEEN])


def test_a_banned_dish_is_refused_on_a_menu_with_its_reason_nothing_saved():
    school = SchoolFactory()
    menu, cook = _draft(school)
    beans = DishFactory(school=school, name="清炒四季豆", main_ingredients="四季豆")
    with pytest.raises(ValidationError) as refused:
        services.menu_add_dish(
            menu=menu, day=menu.week_start, meal=Meal.LUNCH, dish=beans, actor=cook
        )
    assert refused.value.code == "banned_dish"
    assert "皂素" in refused.value.messages[0] or "saponin" in refused.value.messages[0].lower()
    assert not MenuEntry.objects.filter(menu=menu).exists()


def test_a_dish_only_once_per_meal_and_within_the_week_and_served_meals():
    school = SchoolFactory()
    menu, cook = _draft(school)
    dish = DishFactory(school=school)
    services.menu_add_dish(menu=menu, day=menu.week_start, meal=Meal.LUNCH, dish=dish, actor=cook)
    services.menu_add_dish(
        menu=menu, day=menu.week_start, meal=Meal.BREAKFAST, dish=dish, actor=cook
    )
    for day, meal, code in [
        (menu.week_start, Meal.LUNCH, "duplicate_dish"),
        (menu.week_start + dt.timedelta(days=7), Meal.LUNCH, "day_outside_week"),
        (menu.week_start, Meal.DINNER, "meal_not_served"),  # dinner is off by default
    ]:
        with pytest.raises(ValidationError) as refused:
            services.menu_add_dish(menu=menu, day=day, meal=meal, dish=dish, actor=cook)
        assert refused.value.code == code
    assert MenuEntry.objects.filter(menu=menu).count() == 2
    CanteenSettings.objects.filter(school=school).update(serves_dinner=True)
    services.menu_add_dish(menu=menu, day=menu.week_start, meal=Meal.DINNER, dish=dish, actor=cook)


def test_another_schools_dish_is_refused():
    school = SchoolFactory()
    menu, cook = _draft(school)
    with pytest.raises(ValidationError) as refused:
        services.menu_add_dish(
            menu=menu, day=menu.week_start, meal=Meal.LUNCH, dish=DishFactory(), actor=cook
        )
    assert refused.value.code == "bad_dish"


@pytest.mark.parametrize(
    ("status", "code"),
    [(MenuStatus.PUBLISHED, "menu_frozen"), (MenuStatus.SUBMITTED, "menu_submitted")],
)
def test_a_published_or_submitted_menu_is_not_edited(status, code):
    school = SchoolFactory()
    menu = menu_with_dishes(school, status=status)
    cook = UserFactory(school=school, roles=[Role.CANTEEN])
    entry = MenuEntry.objects.get(menu=menu)
    with pytest.raises(TransitionRefused) as refused:
        services.menu_add_dish(
            menu=menu,
            day=menu.week_start,
            meal=Meal.BREAKFAST,
            dish=DishFactory(school=school),
            actor=cook,
        )
    assert (refused.value.code, refused.value.status_code) == (code, 409)
    with pytest.raises(TransitionRefused):
        services.menu_remove_dish(entry=entry, actor=cook)
    assert MenuEntry.objects.filter(menu=menu).count() == 1


def test_an_empty_menu_is_not_submitted_and_a_return_needs_a_comment():
    school = SchoolFactory()
    menu, cook = _draft(school)
    with pytest.raises(ValidationError):
        services.menu_submit(menu=menu, actor=cook)
    assert WeeklyMenu.objects.get(pk=menu.pk).status == MenuStatus.DRAFT
    full = menu_with_dishes(school, status=MenuStatus.SUBMITTED, submitted_by=cook)
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    with pytest.raises(ValidationError):
        services.menu_return(menu=full, actor=director, comment="  ")
    back = services.menu_return(menu=full, actor=director, comment="周三少一个蔬菜")
    assert (back.status, back.return_note) == (MenuStatus.DRAFT, "周三少一个蔬菜")


def test_submit_then_approve_publishes_and_tells_people():
    from core.models import Notification

    school = SchoolFactory()
    cook = UserFactory(school=school, roles=[Role.CANTEEN])
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    menu = menu_with_dishes(school)
    services.menu_submit(menu=menu, actor=cook)
    assert Notification.objects.filter(recipient=director).count() == 1
    published = services.menu_approve(menu=menu, actor=director)
    assert published.status == MenuStatus.PUBLISHED and published.published_at is not None
    assert published.approved_by == director
    assert Notification.objects.filter(recipient=cook).count() == 1


def test_a_published_menu_is_announced_to_the_schools_robots_once():
    from core.models import Robot, RobotMessage

    school = SchoolFactory()
    robot = Robot.objects.create(
        school=school,
        kind="dingtalk",
        name="家长群",
        webhook_url="https://oapi.dingtalk.com/robot/send?access_token=x",
        events=["menu_published"],
    )
    cook = UserFactory(school=school, roles=[Role.CANTEEN])
    director = UserFactory(school=school, roles=[Role.DIRECTOR])
    menu = menu_with_dishes(school)
    services.menu_submit(menu=menu, actor=cook)
    services.menu_approve(menu=menu, actor=director)
    (message,) = RobotMessage.objects.filter(robot=robot)
    assert message.event == "menu_published" and f"/canteen/menu/{school.code}/" in message.url


def test_a_meal_has_a_bounded_number_of_dishes():
    school = SchoolFactory()
    menu, cook = _draft(school)
    for _n in range(services.MAX_DISHES_PER_MEAL):
        services.menu_add_dish(
            menu=menu,
            day=menu.week_start,
            meal=Meal.LUNCH,
            dish=DishFactory(school=school),
            actor=cook,
        )
    with pytest.raises(ValidationError) as refused:
        services.menu_add_dish(
            menu=menu,
            day=menu.week_start,
            meal=Meal.LUNCH,
            dish=DishFactory(school=school),
            actor=cook,
        )
    assert refused.value.code == "too_many_dishes"
